using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Notifications;

/// <summary>The outbox read by recipient (the console's emails sent to a partner), through its recipient index.</summary>
public sealed class NotificationHistoryTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    // Each test its own address: the tests of a class share its tables.
    private readonly string _contact = "Contact." + Guid.NewGuid().ToString("N")[..8] + "@Partner.example";

    private static DateTimeOffset At => new(2026, 9, 15, 6, 0, 0, TimeSpan.Zero);

    private INotificationOutbox Outbox => Storage.Get<INotificationOutbox>();

    private INotificationHistory History => Storage.Get<INotificationHistory>();

    [Fact]
    public async Task ListToRecipient_EmailsAcrossRunsAndWaves_NewestFirstOnlyThatAddressInAnyCase()
    {
        var nightly = NewId("reeval");
        var migration = NewId("migration");
        var certification = NewId("cert");
        await Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(certification, "outcome", _contact), "certification-outcome", "cert", "{}", At.AddHours(1)));
        var wave = Enumerable.Range(0, 300)
            .Select(i => new NotificationRequest(new NotificationKey(nightly, "tier", $"p{i}@partner.example"), "tier-changed", "tier " + i, "{}", At.AddHours(2)))
            .Append(new NotificationRequest(new NotificationKey(nightly, "tier", _contact.ToLowerInvariant()), "tier-changed", "tier", "{}", At.AddHours(2)))
            .Append(new NotificationRequest(new NotificationKey(nightly, "reminder", _contact), "accreditation-expiring", "reminder", "{}", At.AddHours(3)))
            .ToList();
        var added = await Outbox.TryAddManyAsync(wave);
        await Outbox.MarkSentManyAsync(added.Select(a => a.Entry).ToList(), "sg-1", At.AddHours(3));
        await Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(migration, "preview", _contact), "migration-preview", "preview", "{}", At));

        // An address that begins with the same characters is another recipient.
        await Outbox.TryAddAsync(new NotificationRequest(new NotificationKey(migration, "preview", _contact.ToLowerInvariant() + ".org"), "migration-preview", "other", "{}", At.AddHours(5)));

        var all = await History.ListToRecipientAsync(_contact.ToUpperInvariant(), 50);
        var newest = await History.ListToRecipientAsync(_contact, 2);

        Assert.Equal(["reminder", "tier", "cert", "preview"], all.Select(e => e.Subject));
        Assert.Equal([NotificationState.Sent, NotificationState.Sent, NotificationState.Pending, NotificationState.Pending], all.Select(e => e.State));
        Assert.Equal(["reminder", "tier"], newest.Select(e => e.Subject));
        Assert.Equal("sg-1", all[0].ProviderMessageId);
    }

    [Fact]
    public async Task ListToRecipient_WaveOfferedAgain_ListsEachEmailOnce()
    {
        var instance = NewId("reminders");
        var requests = Enumerable.Range(0, 3)
            .Select(i => new NotificationRequest(new NotificationKey(instance, $"person-{i}:90", _contact), "accreditation-expiring", "s" + i, "{}", At.AddMinutes(i)))
            .ToList();
        var first = await Outbox.TryAddManyAsync(requests);
        await Outbox.MarkSentManyAsync(first.Select(a => a.Entry).ToList(), "sg-1", At);

        // The next nights offer the same reminders again, with a later creation time: still three emails.
        await Outbox.TryAddManyAsync(requests.Select(r => r with { CreatedAt = At.AddDays(1) }).ToList());
        await Outbox.TryAddAsync(requests[0] with { CreatedAt = At.AddDays(2) });

        var listed = await History.ListToRecipientAsync(_contact, 50);
        Assert.Equal(["s2", "s1", "s0"], listed.Select(e => e.Subject));
    }

    [Fact]
    public async Task ListToRecipient_PendingRowWhoseIndexRowWasLost_ListedOnceOfferedAgain()
    {
        // A writer stopped between the outbox row and its index row: the row is pending, so the retry indexes it.
        var request = new NotificationRequest(new NotificationKey(NewId("cert"), "outcome", _contact), "certification-outcome", "outcome", "{}", At);
        await Outbox.TryAddAsync(request);
        var index = Storage.Clients.Table(Storage.Clients.Names.OutboxByRecipient);
        await foreach (var row in index.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            await index.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Assert.Empty(await History.ListToRecipientAsync(_contact, 10));
        var again = await Outbox.TryAddAsync(request);

        Assert.False(again.Created);
        Assert.Equal(["outcome"], (await History.ListToRecipientAsync(_contact, 10)).Select(e => e.Subject));
    }
}
