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
}
