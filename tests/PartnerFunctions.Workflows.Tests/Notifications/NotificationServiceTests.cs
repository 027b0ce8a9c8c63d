using System.Globalization;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>The notification service with the real outbox on Azurite and the real SendGrid sender on a local endpoint.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class NotificationServiceTests(AzuriteFixture azurite) : NotificationTestsBase(azurite)
{
    [Fact]
    public async Task SendAsync_SameKeyTwice_SendsOnce()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "tier-upgraded", "partner@example.com");

        var first = await Context.Notifications.SendAsync(notification);
        var second = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.Sent, first);
        Assert.Equal(NotificationOutcome.AlreadySent, second);
        Assert.Equal(1, Server.AcceptedCalls);
        Assert.Single(Server.Calls);
        var email = Assert.Single(Server.AcceptedEmails);
        Assert.Equal($"{instance}|tier-upgraded|partner@example.com", email.IdempotencyKey);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.Equal(NotificationState.Sent, row.State);
        Assert.StartsWith("capture-", row.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task SendAsync_RecipientInOtherCase_IsTheSameNotification()
    {
        var instance = NewInstance("notif");

        await Context.Notifications.SendAsync(NotificationTestContext.Notification(instance, "outcome", "Partner@Example.com"));
        var again = await Context.Notifications.SendAsync(NotificationTestContext.Notification(instance, "outcome", " partner@example.COM "));

        Assert.Equal(NotificationOutcome.AlreadySent, again);
        Assert.Equal(1, Server.AcceptedCalls);
        Assert.Equal("Partner@Example.com", Assert.Single(Server.AcceptedEmails).To);
    }

    [Fact]
    public async Task SendAsync_EightConcurrentDeliveries_SendOnce()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                return (Outcome: (NotificationOutcome?)await Context.Notifications.SendAsync(notification), Deferred: (NotificationTransientException?)null);
            }
            catch (NotificationTransientException ex)
            {
                return (Outcome: null, Deferred: ex);
            }
        }));

        Assert.Equal(1, attempts.Count(a => a.Outcome == NotificationOutcome.Sent));
        Assert.All(attempts.Where(a => a.Outcome != NotificationOutcome.Sent), a => Assert.True(a.Outcome == NotificationOutcome.AlreadySent || a.Deferred is not null));
        Assert.All(attempts.Where(a => a.Deferred is not null), a => Assert.InRange(a.Deferred!.RetryAfter, TimeSpan.Zero, TimeSpan.FromSeconds(5)));
        Assert.Equal(1, Server.AcceptedCalls);
        Assert.Single(Server.Calls);

        // The engine's retry of a deferred delivery finds it sent.
        Assert.Equal(NotificationOutcome.AlreadySent, await Context.Notifications.SendAsync(notification));
        Assert.Single(Server.Calls);
    }

    [Fact]
    public async Task SendAsync_TransientFailureThenRetry_SendsOnce()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");
        Server.EnqueueStatus(503);
        Server.EnqueueStatus(503); // MaxRetries is 1: two calls, then transient.

        var error = await Assert.ThrowsAsync<NotificationTransientException>(() => Context.Notifications.SendAsync(notification));

        Assert.Contains("HTTP 503", error.Message, StringComparison.Ordinal);
        Assert.True(error.RetryAfter > TimeSpan.Zero);
        var pending = Assert.Single(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.Equal(NotificationState.Pending, pending.State);
        Assert.Equal(1, pending.Attempts);
        Assert.StartsWith("transient: HTTP 503", pending.LastError, StringComparison.Ordinal);
        Assert.Equal(0, Server.AcceptedCalls);

        // The engine retries the activity: the row is free to claim (no lease wait) and goes out once.
        var retried = await Context.Notifications.SendAsync(notification);
        var replayed = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.Sent, retried);
        Assert.Equal(NotificationOutcome.AlreadySent, replayed);
        Assert.Equal(1, Server.AcceptedCalls);
        Assert.Equal([503, 503, 202], Server.Calls.Select(c => c.Status));
        Assert.Equal(NotificationState.Sent, Assert.Single(await Context.Outbox.ListByInstanceAsync(instance)).State);
    }

    [Fact]
    public async Task SendAsync_429ThenAccepted_SendsOnce()
    {
        var instance = NewInstance("notif");
        Server.EnqueueRateLimited(DateTimeOffset.UtcNow.AddSeconds(1));

        var outcome = await Context.Notifications.SendAsync(NotificationTestContext.Notification(instance, "outcome", "partner@example.com"));

        Assert.Equal(NotificationOutcome.Sent, outcome);
        Assert.Equal([429, 202], Server.Calls.Select(c => c.Status));
        Assert.Single(Server.AcceptedEmails);
    }

    [Fact]
    public async Task SendAsync_ProviderAsksToWaitLong_ThrowsWithThatDelayForTheEngine()
    {
        var instance = NewInstance("notif");
        Server.EnqueueRateLimited(DateTimeOffset.UtcNow.AddSeconds(40));

        var error = await Assert.ThrowsAsync<NotificationTransientException>(
            () => Context.Notifications.SendAsync(NotificationTestContext.Notification(instance, "outcome", "partner@example.com")));

        Assert.InRange(error.RetryAfter, TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(41));
        Assert.InRange(NotificationTransientException.ParseRetryAfter(error.Message)!.Value - error.RetryAfter, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Single(Server.Calls);
    }

    [Fact]
    public async Task SendAsync_PermanentFailure_IsRecordedAndNeverRetried()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");
        Server.EnqueueStatus(400, "Does not contain a valid address.");

        var first = await Context.Notifications.SendAsync(notification);
        var again = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.FailedPermanently, first);
        Assert.Equal(NotificationOutcome.FailedPermanently, again);
        Assert.Single(Server.Calls);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.Equal(NotificationState.Failed, row.State);
        Assert.Contains("HTTP 400", row.LastError, StringComparison.Ordinal);
        Assert.Contains("Does not contain a valid address.", row.LastError, StringComparison.Ordinal);
        Assert.Null(row.SentAt);
    }

    [Fact]
    public async Task SendAsync_PendingRowOfALiveWorker_IsNotSentUntilItsLeaseEnds()
    {
        // Another worker recorded the row and is (presumably) sending it right now.
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");
        await Context.Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(instance, "outcome", "partner@example.com"), notification.Template, "s", "{}", DateTimeOffset.UtcNow));

        var error = await Assert.ThrowsAsync<NotificationTransientException>(() => Context.Notifications.SendAsync(notification));

        Assert.InRange(error.RetryAfter, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));
        Assert.Empty(Server.Calls);
    }

    [Fact]
    public async Task SendAsync_PendingRowOfADeadWorker_IsClaimedAndSentAfterItsLease()
    {
        // A worker recorded the row, then died before sending: its lease (5 s here) has run out.
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");
        await Context.Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(instance, "outcome", "partner@example.com"), notification.Template, "s", "{}", DateTimeOffset.UtcNow.AddSeconds(-6)));

        var outcome = await Context.Notifications.SendAsync(notification);

        Assert.Equal(NotificationOutcome.Sent, outcome);
        Assert.Equal(1, Server.AcceptedCalls);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.Equal(NotificationState.Sent, row.State);
        Assert.Equal(2, row.Attempts); // the claim and the send
    }

    [Fact]
    public async Task SendAsync_ClaimedRowWithLiveLease_IsNotSent()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "outcome", "partner@example.com");
        var added = await Context.Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(instance, "outcome", "partner@example.com"), notification.Template, "s", "{}", DateTimeOffset.UtcNow.AddMinutes(-10)));
        await Context.Outbox.MarkAttemptFailedAsync(added.Entry, NotificationService.LeaseMarker + DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), permanent: false);

        await Assert.ThrowsAsync<NotificationTransientException>(() => Context.Notifications.SendAsync(notification));

        Assert.Empty(Server.Calls);
    }

    [Fact]
    public async Task SendAsync_Links_AreInTheEmailButNotStoredInTheOutbox()
    {
        var instance = NewInstance("notif");
        var notification = NotificationTestContext.Notification(instance, "approval-request", "approver@example.com", NotificationTemplates.ReferenceApprovalRequest, "fr");
        var link = notification.Values["approvalUrl"];

        await Context.Notifications.SendAsync(notification);

        var email = Assert.Single(Server.AcceptedEmails);
        Assert.Contains($"href=\"{link}\"", email.Html, StringComparison.Ordinal);
        Assert.Contains(link, email.Text, StringComparison.Ordinal);
        Assert.StartsWith("Validation requise", email.Subject, StringComparison.Ordinal);
        var row = Assert.Single(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.DoesNotContain(link, row.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("value-of-customerName", row.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(email.Subject, row.Subject);
    }

    [Fact]
    public async Task SendAsync_MissingTemplateValue_FailsBeforeRecordingOrSending()
    {
        var instance = NewInstance("notif");
        var values = NotificationTemplateRendererTests.DocumentedValues(NotificationTemplates.TierChanged);
        values.Remove("toTier");

        await Assert.ThrowsAsync<NotificationTemplateException>(
            () => Context.Notifications.SendAsync(new Notification(instance, "outcome", "partner@example.com", null, NotificationTemplates.TierChanged, "en", values)));

        Assert.Empty(await Context.Outbox.ListByInstanceAsync(instance));
        Assert.Empty(Server.Calls);
    }

}
