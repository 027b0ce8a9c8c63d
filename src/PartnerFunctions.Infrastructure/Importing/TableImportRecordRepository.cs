using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>Imported files in the <c>imports</c> table: PK "import", RK = content SHA-256 (hex).</summary>
public sealed class TableImportRecordRepository : IImportRecordRepository
{
    internal const string PartitionKey = "import";

    private readonly TableClient _table;

    public TableImportRecordRepository(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Imports);
    }

    public async Task<ImportRecord?> GetAsync(string contentSha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentSha256);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, KeyEncoding.Encode(contentSha256), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        return Read(contentSha256, response.Value!);
    }

    /// <summary>
    /// Reads the one partition (an import is a file staff send, a few a week: the whole list stays small) and keeps
    /// the newest; the row key is the hash, so the order comes from ImportedAt.
    /// </summary>
    public async Task<IReadOnlyList<ImportRecord>> ListRecentAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var all = new List<ImportRecord>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == PartitionKey, cancellationToken: cancellationToken))
        {
            all.Add(Read(KeyEncoding.Decode(row.RowKey), row));
        }

        return all.OrderByDescending(r => r.ImportedAt).ThenBy(r => r.ContentSha256, StringComparer.Ordinal).Take(max).ToArray();
    }

    private static ImportRecord Read(string contentSha256, TableEntity row) =>
        new(
            contentSha256,
            StorageFormats.ParseEnum<ImportKind>(row.GetString("Kind") ?? nameof(ImportKind.RevenueLines)),
            row.GetString("FileName"),
            row.GetInt32("RowCount") ?? 0,
            row.GetInt32("PartnerCount") ?? 0,
            row.GetDateTimeOffset("ImportedAt") ?? DateTimeOffset.MinValue,
            row.GetString("ImportedBy") ?? string.Empty);

    public async Task<bool> TryAddAsync(ImportRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var row = new TableEntity(PartitionKey, KeyEncoding.Encode(record.ContentSha256))
        {
            ["Kind"] = record.Kind.ToString(),
            ["FileName"] = record.FileName,
            ["RowCount"] = record.RowCount,
            ["PartnerCount"] = record.PartnerCount,
            ["ImportedAt"] = record.ImportedAt.ToUniversalTime(),
            ["ImportedBy"] = record.ImportedBy,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            return false;
        }
    }
}
