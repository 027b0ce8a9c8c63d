using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Notifications;

/// <summary>
/// The outbox by recipient, in the <c>outboxbyrecipient</c> table: one row per outbox row, PK = shard of the lower-cased
/// recipient, RK = <c>{recipient}~{invertedTicks:D19}~{outbox RowKey}</c>, so one recipient's rows are one key range of
/// one partition, newest first. A row's content is a pure function of its outbox row's key and creation time, so it is
/// written with a blind upsert, before the email is sent (see docs/data-model.md).
/// </summary>
internal sealed class OutboxRecipientIndex(TableClient table)
{
    /// <summary>
    /// Partitions of the index. Few, so that a wave's rows (one per email, many recipients) share transactions; not
    /// one, because Azurite looks every written row up by scanning its partition (measured on the search index).
    /// </summary>
    public const int Shards = 16;

    public const string OutboxPartitionKeyColumn = "OutboxPartitionKey";
    public const string OutboxRowKeyColumn = "OutboxRowKey";

    /// <summary>Indexes <paramref name="entries"/> (outbox rows just created, or found pending and maybe not yet indexed).</summary>
    public async Task WriteAsync(IEnumerable<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var rows = entries.Select(Row).DistinctBy(r => r.RowKey, StringComparer.Ordinal).ToArray();
        foreach (var chunk in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(TableBatches.MaxActions)))
        {
            if (chunk.Length == 1)
            {
                await table.UpsertEntityAsync(chunk[0], TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
            }
        }
    }

    /// <summary>The outbox keys (partition, row) of the newest <paramref name="max"/> rows to <paramref name="recipient"/>, newest first.</summary>
    public async Task<IReadOnlyList<(string PartitionKey, string RowKey)>> NewestAsync(string recipient, int max, CancellationToken cancellationToken)
    {
        var (pk, prefix) = Keys(recipient);
        var from = prefix + "~";
        var to = prefix + "~~";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {from} and RowKey lt {to}");
        var keys = new List<(string, string)>(max);
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: [OutboxPartitionKeyColumn, OutboxRowKeyColumn], cancellationToken: cancellationToken))
        {
            keys.Add((row.GetString(OutboxPartitionKeyColumn) ?? string.Empty, row.GetString(OutboxRowKeyColumn) ?? string.Empty));
            if (keys.Count == max)
            {
                break;
            }
        }

        return keys;
    }

    private static TableEntity Row(OutboxEntry entry)
    {
        var (outboxPk, outboxRk) = TableNotificationOutbox.Keys(entry.Key);
        var (pk, prefix) = Keys(entry.Key.Recipient);
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - entry.CreatedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        return new TableEntity(pk, KeyEncoding.Join(prefix, inverted, outboxRk))
        {
            [OutboxPartitionKeyColumn] = outboxPk,
            [OutboxRowKeyColumn] = outboxRk,
            ["CreatedAt"] = entry.CreatedAt.ToUniversalTime(),
        };
    }

    // The shard is FNV-1a of the encoded lower-cased address: stable across processes and versions.
    private static (string PartitionKey, string Prefix) Keys(string recipient)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        var encoded = KeyEncoding.Encode(recipient.ToLowerInvariant());
        var hash = 2166136261u;
        foreach (var c in encoded)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return ("r" + (hash % Shards).ToString(System.Globalization.CultureInfo.InvariantCulture), encoded);
    }
}
