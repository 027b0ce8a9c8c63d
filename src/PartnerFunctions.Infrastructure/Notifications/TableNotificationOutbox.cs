using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Notifications;

/// <summary>
/// The notification outbox in the <c>outbox</c> table: PK = workflow instance id, RK =
/// "{instanceId}~{step}~{recipient}" (the idempotency key, unique in the table); each row also indexed by recipient
/// (<see cref="OutboxRecipientIndex"/>) before it is handed back to be sent.
/// </summary>
public sealed class TableNotificationOutbox : INotificationOutbox, INotificationHistory
{
    private readonly TableClient _table;
    private readonly OutboxRecipientIndex _byRecipient;

    public TableNotificationOutbox(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Outbox);
        _byRecipient = new OutboxRecipientIndex(clients.Table(clients.Names.OutboxByRecipient));
    }

    internal static (string PartitionKey, string RowKey) Keys(NotificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(key.InstanceId);
        ArgumentException.ThrowIfNullOrEmpty(key.Step);
        ArgumentException.ThrowIfNullOrEmpty(key.Recipient);
        var pk = KeyEncoding.Encode(key.InstanceId);
        return (pk, KeyEncoding.Join(pk, KeyEncoding.Encode(key.Step), KeyEncoding.Encode(key.Recipient.ToLowerInvariant())));
    }

    public async Task<OutboxAddResult> TryAddAsync(NotificationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await AddAsync(request, cancellationToken);
        await _byRecipient.WriteAsync(ToIndex([result]), cancellationToken);
        return result;
    }

    public async Task<IReadOnlyList<OutboxAddResult>> TryAddManyAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var results = await AddManyAsync(requests, cancellationToken);
        await _byRecipient.WriteAsync(ToIndex(results), cancellationToken);
        return results;
    }

    // What the recipient index must hold before these rows are sent: the rows created now, and the pending rows found
    // (the writer that created one may have stopped before indexing it). Sent and failed rows were indexed before.
    private static IEnumerable<OutboxEntry> ToIndex(IEnumerable<OutboxAddResult> results) =>
        results.Where(r => r.Created || r.Entry.State == NotificationState.Pending).Select(r => r.Entry);

    private async Task<OutboxAddResult> AddAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        var row = NewRow(request);
        var rk = row.RowKey;
        try
        {
            var response = await _table.AddEntityAsync(row, cancellationToken);
            row.ETag = response.Headers.ETag ?? default;
            return new OutboxAddResult(ToEntry(row), Created: true);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            // Recorded before (an activity delivered again): the stored entry tells whether it was sent.
            var stored = await GetAsync(request.Key, cancellationToken)
                ?? throw new InvalidOperationException($"Outbox entry {rk} reported as existing but cannot be read.", ex);
            return new OutboxAddResult(stored, Created: false);
        }
    }

    private async Task<IReadOnlyList<OutboxAddResult>> AddManyAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken)
    {
        var results = new OutboxAddResult[requests.Count];
        foreach (var chunk in Chunks(requests.Count, i => Keys(requests[i].Key).PartitionKey))
        {
            var rows = chunk.Select(i => NewRow(requests[i])).ToArray();
            try
            {
                var response = await _table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)), cancellationToken);
                for (var j = 0; j < chunk.Length; j++)
                {
                    rows[j].ETag = ETagOf(response.Value, j);
                    results[chunk[j]] = new OutboxAddResult(ToEntry(rows[j]), Created: true);
                }
            }
            catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
            {
                // Some rows exist (a wave tried again, or reminders offered again every night of their window): nothing
                // of this transaction was written. Read the chunk's rows (8 at a time; most exist, so one read each),
                // then insert the missing ones together.
                var stored = new OutboxEntry?[chunk.Length];
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, chunk.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                    async (j, token) => stored[j] = await GetAsync(requests[chunk[j]].Key, token));
                var missing = new List<NotificationRequest>();
                for (var j = 0; j < chunk.Length; j++)
                {
                    if (stored[j] is { } entry)
                    {
                        results[chunk[j]] = new OutboxAddResult(entry, Created: false);
                    }
                    else
                    {
                        missing.Add(requests[chunk[j]]);
                    }
                }

                if (missing.Count > 0)
                {
                    var added = missing.Count == chunk.Length ? await AddOneByOneAsync(missing, cancellationToken) : await AddManyAsync(missing, cancellationToken);
                    foreach (var (index, result) in chunk.Where((_, j) => stored[j] is null).Zip(added))
                    {
                        results[index] = result;
                    }
                }
            }
        }

        // A transaction's answer may lack an entity's ETag: read those rows (never on Azure or Azurite today).
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Entry.ETag.Length == 0)
            {
                results[i] = results[i] with { Entry = await GetAsync(requests[i].Key, cancellationToken) ?? results[i].Entry };
            }
        }

        return results;
    }

    // None of them existed when read, yet their transaction conflicted: another writer is adding the same rows now.
    private async Task<IReadOnlyList<OutboxAddResult>> AddOneByOneAsync(List<NotificationRequest> requests, CancellationToken cancellationToken)
    {
        var results = new List<OutboxAddResult>(requests.Count);
        foreach (var request in requests)
        {
            results.Add(await AddAsync(request, cancellationToken));
        }

        return results;
    }

    public async Task<IReadOnlyList<OutboxEntry>> MarkSentManyAsync(IReadOnlyList<OutboxEntry> entries, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(providerMessageId);
        return await WriteStatesAsync(entries, e => Sent(e, providerMessageId, sentAt), cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxEntry>> MarkSendingManyAsync(IReadOnlyList<OutboxEntry> entries, string sendCallId, string leaseText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(sendCallId);
        ArgumentException.ThrowIfNullOrEmpty(leaseText);
        return await WriteStatesAsync(
            entries,
            e => e with { State = NotificationState.Pending, Attempts = e.Attempts + 1, LastError = leaseText, SendCallId = sendCallId },
            cancellationToken);
    }

    public async Task<OutboxEntry?> GetAsync(NotificationKey key, CancellationToken cancellationToken = default)
    {
        var (pk, rk) = Keys(key);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        return response.HasValue ? ToEntry(response.Value!) : null;
    }

    public Task<OutboxEntry> MarkSentAsync(OutboxEntry entry, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(providerMessageId);
        return WriteStateAsync(entry, Sent(entry, providerMessageId, sentAt), cancellationToken);
    }

    public Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, CancellationToken cancellationToken = default) =>
        MarkAttemptFailedAsync(entry, failure, permanent, clearSendCall: false, cancellationToken);

    public Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, bool clearSendCall, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(failure);
        var updated = entry with
        {
            State = permanent ? NotificationState.Failed : NotificationState.Pending,
            Attempts = entry.Attempts + 1,
            LastError = failure.Length > 2000 ? failure[..2000] : failure,
            SendCallId = clearSendCall ? null : entry.SendCallId,
        };
        return WriteStateAsync(entry, updated, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoding.Encode(instanceId)}");
        var entries = new List<OutboxEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            entries.Add(ToEntry(row));
        }

        return entries;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListToRecipientAsync(string recipient, int max, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);

        // One key range of one index partition, then a point read of each outbox row for its delivery state.
        var keys = await _byRecipient.NewestAsync(recipient, max, cancellationToken);
        var entries = new OutboxEntry?[keys.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var response = await _table.GetEntityIfExistsAsync<TableEntity>(keys[i].PartitionKey, keys[i].RowKey, cancellationToken: token);
                entries[i] = response.HasValue ? ToEntry(response.Value!) : null;
            });
        return entries.OfType<OutboxEntry>().ToArray();
    }

    private static OutboxEntry Sent(OutboxEntry entry, string providerMessageId, DateTimeOffset sentAt) => entry with
    {
        State = NotificationState.Sent,
        Attempts = entry.Attempts + 1,
        ProviderMessageId = providerMessageId,
        SentAt = sentAt.ToUniversalTime(),
    };

    private static TableEntity NewRow(NotificationRequest request)
    {
        var (pk, rk) = Keys(request.Key);
        var row = new TableEntity(pk, rk)
        {
            ["InstanceId"] = request.Key.InstanceId,
            ["Step"] = request.Key.Step,
            ["Recipient"] = request.Key.Recipient,
            ["Template"] = request.Template,
            ["Subject"] = request.Subject,
            ["State"] = NotificationState.Pending.ToString(),
            ["Attempts"] = 0,
            ["CreatedAt"] = request.CreatedAt.ToUniversalTime(),
            ["SendCallId"] = request.SendCallId ?? string.Empty,
        };
        StorageJson.WriteLarge(row, "Payload", request.PayloadJson);
        return row;
    }

    // Only the delivery columns change, merged with If-Match on each entry the caller holds; one transaction per
    // 100 rows of an instance, all or nothing.
    private async Task<IReadOnlyList<OutboxEntry>> WriteStatesAsync(IReadOnlyList<OutboxEntry> entries, Func<OutboxEntry, OutboxEntry> change, CancellationToken cancellationToken)
    {
        var results = new OutboxEntry[entries.Count];
        foreach (var chunk in Chunks(entries.Count, i => Keys(entries[i].Key).PartitionKey))
        {
            var updated = chunk.Select(i => change(entries[i])).ToArray();
            var actions = chunk.Select((i, j) => new TableTransactionAction(TableTransactionActionType.UpdateMerge, StateRow(updated[j]), TableErrors.ToETag(entries[i].ETag)));
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
                for (var j = 0; j < chunk.Length; j++)
                {
                    var etag = ETagOf(response.Value, j).ToString();
                    results[chunk[j]] = etag.Length > 0 ? updated[j] with { ETag = etag } : await GetAsync(updated[j].Key, cancellationToken) ?? updated[j];
                }
            }
            catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
            {
                var failed = TableErrors.FailedIndex(ex) is { } index && index < chunk.Length ? Keys(entries[chunk[index]].Key).RowKey : "a row";
                throw TableErrors.Conflict($"Outbox entry {failed} (in a transaction of {chunk.Length})", ex);
            }
        }

        return results;
    }

    // Indexes grouped by partition (in order), in chunks of at most one transaction.
    private static IEnumerable<int[]> Chunks(int count, Func<int, string> partitionOf) =>
        Enumerable.Range(0, count)
            .GroupBy(partitionOf, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(TableBatches.MaxActions));

    private static ETag ETagOf(IReadOnlyList<Response> responses, int index) =>
        index < responses.Count && responses[index].Headers.ETag is { } etag ? etag : default;

    private static TableEntity StateRow(OutboxEntry updated)
    {
        var (pk, rk) = Keys(updated.Key);
        var row = new TableEntity(pk, rk)
        {
            ["State"] = updated.State.ToString(),
            ["Attempts"] = updated.Attempts,
            ["LastError"] = updated.LastError ?? string.Empty,
            ["ProviderMessageId"] = updated.ProviderMessageId ?? string.Empty,
            ["SendCallId"] = updated.SendCallId ?? string.Empty,
        };
        if (updated.SentAt is { } sentAt)
        {
            row["SentAt"] = sentAt;
        }

        return row;
    }

    // Only the delivery columns change, merged with If-Match on the entry the caller holds.
    private async Task<OutboxEntry> WriteStateAsync(OutboxEntry current, OutboxEntry updated, CancellationToken cancellationToken)
    {
        var rk = Keys(current.Key).RowKey;
        var row = StateRow(updated);
        try
        {
            var response = await _table.UpdateEntityAsync(row, TableErrors.ToETag(current.ETag), TableUpdateMode.Merge, cancellationToken);
            return updated with { ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Outbox entry {rk}", ex);
        }
    }

    private static OutboxEntry ToEntry(TableEntity row) => new(
        new NotificationKey(row.GetString("InstanceId") ?? string.Empty, row.GetString("Step") ?? string.Empty, row.GetString("Recipient") ?? string.Empty),
        row.GetString("Template") ?? string.Empty,
        row.GetString("Subject") ?? string.Empty,
        StorageJson.ReadLarge(row, "Payload") ?? "{}",
        StorageFormats.ParseEnum<NotificationState>(row.GetString("State") ?? nameof(NotificationState.Pending)),
        row.GetInt32("Attempts") ?? 0,
        NullIfEmpty(row.GetString("LastError")),
        NullIfEmpty(row.GetString("ProviderMessageId")),
        row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("SentAt"),
        row.ETag.ToString())
    {
        SendCallId = NullIfEmpty(row.GetString("SendCallId")),
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
