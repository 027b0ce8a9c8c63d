using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>
/// A worker that dies between the provider accepting a call and the outbox recording it: the next worker asks the
/// provider about that call before sending. The crash is a real outbox whose "sent" writes fail; the provider is the
/// real SendGrid sender on the local SendGrid-compatible endpoint, whose lookup answers from what it accepted.
/// </summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class NotificationRecoveryTests(AzuriteFixture azurite)
    : NotificationTestsBase(azurite, new Dictionary<string, string?> { ["Notifications:SendLease"] = "00:00:01" })
{
    [Fact]
    public async Task SendAsync_WorkerDiedAfterTheProviderAccepted_NextWorkerRecordsItSentWithoutSendingAgain()
    {
        var notification = NotificationTestContext.Notification(NewInstance("recovery"), "outcome", "partner@example.com");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Service(new CrashAfterSendOutbox(Context.Outbox)).SendAsync(notification));
        Assert.Equal(1, Server.AcceptedCalls);
        await WaitOutLeaseAsync();

        var outcome = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.AlreadySent, outcome);
        Assert.Equal(1, Server.AcceptedCalls);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(notification.InstanceId));
        Assert.Equal(NotificationState.Sent, row.State);
        Assert.StartsWith("accepted (found by send call ", row.ProviderMessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendWaveAsync_WorkerDiedAfterTheProviderAccepted_RetryRecordsEveryRecipientSentWithoutSendingAgain()
    {
        var instance = NewInstance("recovery");
        var wave = Enumerable.Range(0, 250)
            .Select(i => NotificationTestContext.Notification(instance, "preview", $"partner{i}@example.com", NotificationTemplates.MigrationPreview, i % 2 == 0 ? "en" : "fr"))
            .ToList();
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Service(new CrashAfterSendOutbox(Context.Outbox)).SendWaveAsync(wave));
        var callsBefore = Server.AcceptedCalls;
        Assert.InRange(callsBefore, 1, 2); // the crash came after the first call's acceptance
        await WaitOutLeaseAsync();

        var retry = await Context.Notifications.SendWaveAsync(wave);

        // Whatever the crashed worker's provider took is recorded, not sent again; the rest is sent now: once each.
        Assert.Equal(250, retry.Total);
        Assert.Equal(250, Server.AcceptedEmails.Count);
        Assert.Equal(250, Server.AcceptedEmails.Select(e => e.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(await Context.Outbox.ListByInstanceAsync(instance), r => Assert.Equal(NotificationState.Sent, r.State));
    }

    [Fact]
    public async Task SendAsync_PreviousCallNeverReachedTheProvider_SendsItOnce()
    {
        var notification = NotificationTestContext.Notification(NewInstance("recovery"), "outcome", "partner@example.com");
        await RecordAbandonedRowAsync(notification, "call-that-was-never-made");

        var outcome = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.Sent, outcome);
        Assert.Single(Server.AcceptedEmails);
    }

    [Fact]
    public async Task SendAsync_ProviderCannotTellNow_DefersWithoutSending()
    {
        var notification = NotificationTestContext.Notification(NewInstance("recovery"), "outcome", "partner@example.com");
        await RecordAbandonedRowAsync(notification, "call-x");
        var service = Service(Context.Outbox, new ScriptedLookup(new SendCallLookup(SendCallStatus.TryLater, 0, "HTTP 429", TimeSpan.FromSeconds(40))));

        var error = await Assert.ThrowsAsync<NotificationTransientException>(() => service.SendAsync(notification));

        Assert.Equal(TimeSpan.FromSeconds(40), error.RetryAfter);
        Assert.Empty(Server.Calls);
        Assert.Equal(NotificationState.Pending, Assert.Single(await Context.Outbox.ListByInstanceAsync(notification.InstanceId)).State);
    }

    [Fact]
    public async Task SendAsync_ProviderCannotTellAtAll_SendsAgainUnderANewCall()
    {
        var notification = NotificationTestContext.Notification(NewInstance("recovery"), "outcome", "partner@example.com");
        await RecordAbandonedRowAsync(notification, "call-y");
        var service = Service(Context.Outbox, new ScriptedLookup(new SendCallLookup(SendCallStatus.Unavailable, 0, "HTTP 403", null)));

        var outcome = await service.SendAsync(notification);

        Assert.Equal(NotificationOutcome.Sent, outcome);
        Assert.Single(Server.AcceptedEmails);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(notification.InstanceId));
        Assert.NotEqual("call-y", row.SendCallId);
    }

    // A pending row whose worker is long gone, left by a call with that id.
    private async Task RecordAbandonedRowAsync(Notification notification, string sendCallId)
    {
        var key = new NotificationKey(notification.InstanceId, notification.Step, notification.RecipientEmail);
        await Context.Outbox.TryAddAsync(new NotificationRequest(key, notification.Template, "subject", "{}", DateTimeOffset.UtcNow.AddHours(-1)) { SendCallId = sendCallId });
    }

    private static Task WaitOutLeaseAsync() => Task.Delay(TimeSpan.FromSeconds(1.5));

    private NotificationService Service(INotificationOutbox outbox, IEmailDeliveryLookup? lookup = null)
    {
        var services = Context.Services;
        return new NotificationService(
            outbox,
            services.GetRequiredService<IEmailSender>(),
            services.GetRequiredService<NotificationTemplateRenderer>(),
            services.GetRequiredService<IOptions<NotificationOptions>>(),
            TimeProvider.System,
            NullLogger<NotificationService>.Instance,
            services.GetService<IBatchEmailSender>(),
            lookup ?? services.GetService<IEmailDeliveryLookup>());
    }


    private sealed class SimulatedCrashException() : Exception("The worker died after the provider accepted the call.");

    /// <summary>The real outbox, except that the worker "dies" when it comes to record a send.</summary>
    private sealed class CrashAfterSendOutbox(INotificationOutbox inner) : INotificationOutbox
    {
        public Task<OutboxAddResult> TryAddAsync(NotificationRequest request, CancellationToken cancellationToken = default) => inner.TryAddAsync(request, cancellationToken);

        public Task<IReadOnlyList<OutboxAddResult>> TryAddManyAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default) => inner.TryAddManyAsync(requests, cancellationToken);

        public Task<OutboxEntry?> GetAsync(NotificationKey key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task<OutboxEntry> MarkSentAsync(OutboxEntry entry, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default) => throw new SimulatedCrashException();

        public Task<IReadOnlyList<OutboxEntry>> MarkSentManyAsync(IReadOnlyList<OutboxEntry> entries, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default) => throw new SimulatedCrashException();

        public Task<IReadOnlyList<OutboxEntry>> MarkSendingManyAsync(IReadOnlyList<OutboxEntry> entries, string sendCallId, string leaseText, CancellationToken cancellationToken = default) => inner.MarkSendingManyAsync(entries, sendCallId, leaseText, cancellationToken);

        public Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, CancellationToken cancellationToken = default) => inner.MarkAttemptFailedAsync(entry, failure, permanent, cancellationToken);

        public Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, bool clearSendCall, CancellationToken cancellationToken = default) => inner.MarkAttemptFailedAsync(entry, failure, permanent, clearSendCall, cancellationToken);

        public Task<IReadOnlyList<OutboxEntry>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => inner.ListByInstanceAsync(instanceId, cancellationToken);
    }

    private sealed class ScriptedLookup(SendCallLookup answer) : IEmailDeliveryLookup
    {
        public Task<SendCallLookup> FindSendCallAsync(string sendCallId, CancellationToken cancellationToken = default) => Task.FromResult(answer);
    }
}
