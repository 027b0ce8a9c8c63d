using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>An activity sending a notification, as feature workflows do, retried by <see cref="NotificationRetry"/>.</summary>
public sealed class SendTestNotificationActivity(INotificationService notifications) : TaskActivity<Notification, NotificationOutcome>
{
    public override Task<NotificationOutcome> RunAsync(TaskActivityContext context, Notification input) => notifications.SendAsync(input);
}

public sealed class SendTestNotificationOrchestrator : TaskOrchestrator<Notification, NotificationOutcome>
{
    public override Task<NotificationOutcome> RunAsync(TaskOrchestrationContext context, Notification input) =>
        context.CallActivityAsync<NotificationOutcome>(nameof(SendTestNotificationActivity), input, NotificationRetry.Options(maxAttempts: 3));
}

[Collection(WorkflowTestCollection.Name)]
public sealed class NotificationRetryTests(AzuriteFixture azurite)
{
    [Fact]
    public void ShouldRetry_TransientNotificationFailure_UntilMaxAttempts()
    {
        var transient = TaskFailureDetails.FromException(new NotificationTransientException("busy", TimeSpan.FromSeconds(7)));
        var other = TaskFailureDetails.FromException(new InvalidOperationException("bug"));

        Assert.True(NotificationRetry.ShouldRetry(transient, 1, 3));
        Assert.True(NotificationRetry.ShouldRetry(transient, 2, 3));
        Assert.False(NotificationRetry.ShouldRetry(transient, 3, 3));
        Assert.False(NotificationRetry.ShouldRetry(other, 1, 3));
    }

    [Fact]
    public void DelayFor_ReadsTheProvidersDelayWithinBounds()
    {
        static TaskFailureDetails Failure(TimeSpan retryAfter) => TaskFailureDetails.FromException(new NotificationTransientException("rate limited", retryAfter));

        Assert.Equal(TimeSpan.FromSeconds(7.25), NotificationRetry.DelayFor(Failure(TimeSpan.FromSeconds(7.25)), TimeSpan.FromHours(1)));
        Assert.Equal(NotificationRetry.MinimumDelay, NotificationRetry.DelayFor(Failure(TimeSpan.Zero), TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(5), NotificationRetry.DelayFor(Failure(TimeSpan.FromHours(3)), TimeSpan.FromMinutes(5)));
        Assert.Equal(NotificationRetry.MinimumDelay, NotificationRetry.DelayFor(new TaskFailureDetails("X", "no marker", null, null, null), TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task Orchestration_ProviderRateLimitsLongerThanTheSenderWaits_EngineRetriesAfterTheResetAndSendsOnce()
    {
        // The sender waits at most 1 s itself; the provider asks for ~3 s: the activity fails transiently and the
        // orchestration's retry handler waits on a durable timer until the reset, then the retry sends.
        await using var context = await NotificationTestContext.StartAsync(azurite, new Dictionary<string, string?> { ["SendGrid:MaxRetryDelay"] = "00:00:01" });
        var resetAt = DateTimeOffset.UtcNow.AddSeconds(3);
        context.Server.EnqueueRateLimited(resetAt);
        await using var engine = await DurableTaskTestHost.StartAsync(
            registry => registry.AddOrchestrator<SendTestNotificationOrchestrator>().AddActivity<SendTestNotificationActivity>(),
            new DurableTaskTestHostOptions
            {
                Port = FreePort(),
                ConfigureServices = services => NotificationTestContext.AddServices(services, context.Configuration),
            });
        var instance = "notif-retry-" + Guid.NewGuid().ToString("N")[..8];
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");

        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SendTestNotificationOrchestrator), notification, new StartOrchestrationOptions(instance));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await engine.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(NotificationOutcome.Sent, done.ReadOutputAs<NotificationOutcome>());
        var calls = context.Server.Calls;
        Assert.Equal([429, 202], calls.Select(c => c.Status));
        Assert.True(calls[1].ReceivedAt >= DateTimeOffset.FromUnixTimeSeconds(resetAt.ToUnixTimeSeconds()).AddMilliseconds(-50), $"retried at {calls[1].ReceivedAt:O}, reset {resetAt:O}");
        Assert.Single(context.Server.AcceptedEmails);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
