using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Notifications;

public sealed class TableNotificationOutboxTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static DateTimeOffset At => new(2026, 9, 15, 6, 0, 0, TimeSpan.Zero);

    private INotificationOutbox Outbox => Storage.Get<INotificationOutbox>();

    [Fact]
    public async Task TryAdd_SameKeyTwice_SecondReturnsStoredEntry_ThenMarkSent()
    {
        var key = new NotificationKey(NewId("migration"), "preview/fr#1?", "Contact+Ops@Partner.example");
        var request = new NotificationRequest(key, "migration-preview", "Votre programme", """{"partner":"x"}""", At);

        var first = await Outbox.TryAddAsync(request);
        var second = await Outbox.TryAddAsync(request with { Subject = "other" });

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("Votre programme", second.Entry.Subject);
        Assert.Equal(NotificationState.Pending, second.Entry.State);

        var sent = await Outbox.MarkSentAsync(second.Entry, "sg-123", At.AddSeconds(2));
        var stored = await Outbox.GetAsync(key);
        Assert.Equal(NotificationState.Sent, stored!.State);
        Assert.Equal("sg-123", stored.ProviderMessageId);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(At.AddSeconds(2), stored.SentAt);
        Assert.Equal(sent.ETag, stored.ETag);
        Assert.Equal("""{"partner":"x"}""", stored.PayloadJson);

        // A second sender holding the old entry loses: the email is not sent twice.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Outbox.MarkSentAsync(second.Entry, "sg-456", At.AddSeconds(3)));
    }

    [Fact]
    public async Task MarkAttemptFailed_CountsAttempts_PermanentFailureIsFailed()
    {
        var instance = NewId("reeval");
        var entry = (await Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(instance, "grace-warning", "a@b.example"), "t", "s", "{}", At))).Entry;

        var retry = await Outbox.MarkAttemptFailedAsync(entry, "429 Too Many Requests", permanent: false);
        var failed = await Outbox.MarkAttemptFailedAsync(retry, "400 invalid address", permanent: true);
        await Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(instance, "grace-warning", "c@d.example"), "t", "s", "{}", At));

        Assert.Equal(NotificationState.Pending, retry.State);
        Assert.Equal((NotificationState.Failed, 2, "400 invalid address"), (failed.State, failed.Attempts, failed.LastError));
        var all = await Outbox.ListByInstanceAsync(instance);
        Assert.Equal(2, all.Count);
        Assert.Equal(NotificationState.Failed, all.Single(e => e.Key.Recipient == "a@b.example").State);
    }

    [Fact]
    public async Task TryAddMany_250RowsOneExisting_CreatesTheOthersAndReturnsTheStoredOneInOrder()
    {
        var instance = NewId("reeval");
        var requests = Enumerable.Range(0, 250)
            .Select(i => new NotificationRequest(new NotificationKey(instance, "tier-upgraded", $"p{i}@partner.example"), "tier-changed", "s" + i, "{}", At) { SendCallId = "call-" + (i / 100) })
            .ToList();
        var existing = await Outbox.TryAddAsync(requests[142] with { Subject = "stored before" });
        await Outbox.MarkSentAsync(existing.Entry, "sg-1", At);

        var added = await Outbox.TryAddManyAsync(requests);

        Assert.Equal(250, added.Count);
        Assert.Equal(249, added.Count(a => a.Created));
        Assert.False(added[142].Created);
        Assert.Equal(("stored before", NotificationState.Sent), (added[142].Entry.Subject, added[142].Entry.State));
        Assert.All(Enumerable.Range(0, 250), i => Assert.Equal(requests[i].Key, added[i].Entry.Key));
        Assert.All(added, a => Assert.False(string.IsNullOrEmpty(a.Entry.ETag)));
        Assert.Equal("call-2", added[201].Entry.SendCallId);
        Assert.Equal("call-2", (await Outbox.GetAsync(requests[201].Key))!.SendCallId);
        Assert.Equal(250, (await Outbox.ListByInstanceAsync(instance)).Count);
    }

    [Fact]
    public async Task TryAddMany_OfferedAgainWithAFewNew_ReturnsTheStoredOnesAndCreatesOnlyTheNew()
    {
        var instance = NewId("reminders");
        NotificationRequest Request(int i) => new(new NotificationKey(instance, $"person-{i}:90", $"p{i}@partner.example"), "t", "s" + i, "{}", At);
        var first = await Outbox.TryAddManyAsync(Enumerable.Range(0, 120).Select(Request).ToList());
        await Outbox.MarkSentManyAsync(first.Select(a => a.Entry).ToList(), "sg-1", At);

        // The next night: the same 120 reminders are due again, and 5 new ones.
        var again = await Outbox.TryAddManyAsync(Enumerable.Range(0, 125).Select(Request).ToList());

        Assert.Equal(Enumerable.Range(0, 125).Select(i => i >= 120), again.Select(a => a.Created));
        Assert.All(again.Take(120), a => Assert.Equal(NotificationState.Sent, a.Entry.State));
        Assert.All(again.Skip(120), a => Assert.Equal(NotificationState.Pending, a.Entry.State));
        Assert.Equal(Enumerable.Range(0, 125).Select(i => Request(i).Key), again.Select(a => a.Entry.Key));
        Assert.Equal(125, (await Outbox.ListByInstanceAsync(instance)).Count);
    }

    [Fact]
    public async Task MarkSentMany_FreshETags_MarksEveryRowSent()
    {
        var instance = NewId("reeval");
        var added = await Outbox.TryAddManyAsync(Enumerable.Range(0, 130)
            .Select(i => new NotificationRequest(new NotificationKey(instance, "reminder", $"p{i}@partner.example"), "t", "s", "{}", At) { SendCallId = "c1" })
            .ToList());

        var sent = await Outbox.MarkSentManyAsync(added.Select(a => a.Entry).ToList(), "sg-batch", At.AddSeconds(1));

        Assert.Equal(130, sent.Count);
        var stored = await Outbox.ListByInstanceAsync(instance);
        Assert.All(stored, e => Assert.Equal((NotificationState.Sent, "sg-batch", 1, "c1"), (e.State, e.ProviderMessageId, e.Attempts, e.SendCallId)));
        Assert.Equal(stored.Single(e => e.Key == sent[7].Key).ETag, sent[7].ETag);
    }

    [Fact]
    public async Task MarkSentMany_OneRowChangedSince_ThrowsConflictAndWritesNothingOfThatTransaction()
    {
        var instance = NewId("reeval");
        var added = await Outbox.TryAddManyAsync(Enumerable.Range(0, 5)
            .Select(i => new NotificationRequest(new NotificationKey(instance, "reminder", $"p{i}@partner.example"), "t", "s", "{}", At))
            .ToList());
        await Outbox.MarkAttemptFailedAsync(added[3].Entry, "another worker's claim", permanent: false);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Outbox.MarkSentManyAsync(added.Select(a => a.Entry).ToList(), "sg-x", At));

        var stored = await Outbox.ListByInstanceAsync(instance);
        Assert.All(stored, e => Assert.Equal(NotificationState.Pending, e.State));
    }

    [Fact]
    public async Task MarkSendingMany_RecordsCallIdAndLeaseAndCountsTheAttempt_ClearingOnRefusalForgetsTheCall()
    {
        var instance = NewId("reeval");
        var added = await Outbox.TryAddManyAsync(Enumerable.Range(0, 3)
            .Select(i => new NotificationRequest(new NotificationKey(instance, "tier", $"p{i}@partner.example"), "t", "s", "{}", At) { SendCallId = "first" })
            .ToList());

        var claimed = await Outbox.MarkSendingManyAsync(added.Select(a => a.Entry).ToList(), "second", "sending; lease from 2026-09-15T06:00:00.0000000+00:00");
        var refused = await Outbox.MarkAttemptFailedAsync(claimed[0], "transient: HTTP 429", permanent: false, clearSendCall: true);
        var unknown = await Outbox.MarkAttemptFailedAsync(claimed[1], "transient: timeout", permanent: false);

        var stored = (await Outbox.ListByInstanceAsync(instance)).ToDictionary(e => e.Key.Recipient);
        Assert.Equal(("second", 1, NotificationState.Pending), (stored["p2@partner.example"].SendCallId, stored["p2@partner.example"].Attempts, stored["p2@partner.example"].State));
        Assert.StartsWith("sending; lease from", stored["p2@partner.example"].LastError, StringComparison.Ordinal);
        Assert.Null(stored["p0@partner.example"].SendCallId);
        Assert.Null(refused.SendCallId);
        Assert.Equal("second", stored["p1@partner.example"].SendCallId);
        Assert.Equal(2, unknown.Attempts);
    }
}
