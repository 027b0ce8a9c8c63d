using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Notifications;

/// <summary>
/// The notification outbox in the <c>outbox</c> table: PK = workflow instance id, RK =
/// "{instanceId}~{step}~{recipient}" (the idempotency key, unique in the table).
/// </summary>
public sealed class TableNotificationOutbox : INotificationOutbox
{
    private readonly TableClient _table;

    public TableNotificationOutbox(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Outbox);
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
        };
        StorageJson.WriteLarge(row, "Payload", request.PayloadJson);
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
        var updated = entry with
        {
            State = NotificationState.Sent,
            Attempts = entry.Attempts + 1,
            ProviderMessageId = providerMessageId,
            SentAt = sentAt.ToUniversalTime(),
        };
        return WriteStateAsync(entry, updated, cancellationToken);
    }

    public Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(failure);
        var updated = entry with
        {
            State = permanent ? NotificationState.Failed : NotificationState.Pending,
            Attempts = entry.Attempts + 1,
            LastError = failure.Length > 2000 ? failure[..2000] : failure,
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

    // Only the delivery columns change, merged with If-Match on the entry the caller holds.
    private async Task<OutboxEntry> WriteStateAsync(OutboxEntry current, OutboxEntry updated, CancellationToken cancellationToken)
    {
        var (pk, rk) = Keys(current.Key);
        var row = new TableEntity(pk, rk)
        {
            ["State"] = updated.State.ToString(),
            ["Attempts"] = updated.Attempts,
            ["LastError"] = updated.LastError ?? string.Empty,
            ["ProviderMessageId"] = updated.ProviderMessageId ?? string.Empty,
        };
        if (updated.SentAt is { } sentAt)
        {
            row["SentAt"] = sentAt;
        }

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
        row.ETag.ToString());

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
