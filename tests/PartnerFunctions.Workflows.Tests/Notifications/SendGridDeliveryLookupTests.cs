using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Infrastructure.Email;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>The SendGrid sender's Email Activity lookup against a SendGrid-compatible endpoint started by the test.</summary>
public sealed class SendGridDeliveryLookupTests : IAsyncLifetime
{
    private SendGridCaptureServer _server = null!;
    private ServiceProvider _provider = null!;

    private IEmailDeliveryLookup Lookup => _provider.GetRequiredService<IEmailDeliveryLookup>();

    public async Task InitializeAsync()
    {
        _server = await SendGridCaptureServer.StartAsync();
        _provider = SendGridEmailSenderTests.Build(SendGridEmailSenderTests.Settings(_server.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task FindSendCall_CallAccepted_IsAcceptedWithItsMessages()
    {
        await SendAsync("call-a", "one@example.com", "two@example.com");
        await SendAsync("call-b", "three@example.com");

        var found = await Lookup.FindSendCallAsync("call-a");

        Assert.Equal((SendCallStatus.Accepted, 2), (found.Status, found.MessagesFound));
        Assert.Equal(1, _server.Lookups);
    }

    [Fact]
    public async Task FindSendCall_CallNeverMade_IsNotFound()
    {
        await SendAsync("call-a", "one@example.com");

        var found = await Lookup.FindSendCallAsync("call-never-made");

        Assert.Equal(SendCallStatus.NotFound, found.Status);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task FindSendCall_NoEmailActivityAccess_IsUnavailable(int status)
    {
        _server.EnqueueLookupStatus(status);

        var found = await Lookup.FindSendCallAsync("call-a");

        Assert.Equal(SendCallStatus.Unavailable, found.Status);
        Assert.StartsWith(FormattableString.Invariant($"HTTP {status}"), found.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindSendCall_RateLimited_IsTryLaterWithTheProvidersWait()
    {
        _server.EnqueueLookupStatus(429, TimeSpan.FromSeconds(10));

        var found = await Lookup.FindSendCallAsync("call-a");

        Assert.Equal((SendCallStatus.TryLater, TimeSpan.FromSeconds(10)), (found.Status, found.RetryAfter));
    }

    [Fact]
    public async Task FindSendCall_ServerError_IsTryLater()
    {
        _server.EnqueueLookupStatus(503);

        Assert.Equal(SendCallStatus.TryLater, (await Lookup.FindSendCallAsync("call-a")).Status);
    }

    [Theory]
    [InlineData("with\"quote")]
    [InlineData("with'quote")]
    public async Task FindSendCall_IdThatCannotBeQuoted_IsUnavailableWithoutAsking(string id)
    {
        var found = await Lookup.FindSendCallAsync(id);

        Assert.Equal(SendCallStatus.Unavailable, found.Status);
        Assert.Equal(0, _server.Lookups);
    }

    [Fact]
    public void ActivityQuery_RoundTrips_AndRejectsOtherForms()
    {
        var query = SendGridActivityQuery.For(SendGridEmailSender.SendCallArg, "abc123");

        Assert.Equal("unique_args['pf_send_call']=\"abc123\"", query);
        Assert.True(SendGridActivityQuery.TryParse(query, out var arg, out var value));
        Assert.Equal((SendGridEmailSender.SendCallArg, "abc123"), (arg, value));
        Assert.False(SendGridActivityQuery.TryParse("to_email=\"a@b.c\"", out _, out _));
        Assert.False(SendGridActivityQuery.TryParse(null, out _, out _));
    }

    private async Task SendAsync(string sendCallId, params string[] recipients)
    {
        var batch = new EmailBatch("<p>x</p>", "x", recipients.Select(r => new EmailBatchRecipient(new EmailAddress(r), "s", new Dictionary<string, string>(), "key-" + r)).ToList())
        {
            SendCallId = sendCallId,
        };
        var answer = await _provider.GetRequiredService<IBatchEmailSender>().SendBatchAsync(batch);
        Assert.Equal(EmailSendStatus.Accepted, answer.Result.Status);
    }
}
