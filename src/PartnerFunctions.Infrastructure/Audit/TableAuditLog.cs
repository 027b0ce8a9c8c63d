using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Audit;

/// <summary>
/// The audit log in two tables, so that a partner's history and a day's are each one partition query:
/// <c>auditbypartner</c> (PK = partner id) and <c>auditbyday</c> (PK = yyyy-MM-dd). RK = inverted ticks + entry id:
/// newest first and unique in the table (Azurite looks every write up by RowKey). Lines are only ever inserted
/// (<see cref="TableClient.AddEntityAsync{T}"/>): an insert whose key exists fails, and a retried append of the same id
/// keeps the line already there. Nothing here updates or deletes a row; a test holds this file to that.
/// </summary>
public sealed class TableAuditLog(StorageClients clients) : IAuditLog
{
    private readonly TableClient _byPartner = clients.Table(clients.Names.AuditByPartner);
    private readonly TableClient _byDay = clients.Table(clients.Names.AuditByDay);

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Id);
        var rowKey = RowKey(entry);
        await InsertOnceAsync(_byDay, ToRow(DayKey(DateOnly.FromDateTime(entry.At.UtcDateTime)), rowKey, entry), cancellationToken);
        if (entry.PartnerId is { Length: > 0 } partnerId)
        {
            await InsertOnceAsync(_byPartner, ToRow(KeyEncoding.Encode(partnerId), rowKey, entry), cancellationToken);
        }
    }

    public Task<PagedResult<AuditEntry>> ListPartnerAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        return ListAsync(_byPartner, KeyEncoding.Encode(partnerId), pageSize, continuationToken, cancellationToken);
    }

    public Task<PagedResult<AuditEntry>> ListDayAsync(DateOnly day, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        ListAsync(_byDay, DayKey(day), pageSize, continuationToken, cancellationToken);

    private static async Task<PagedResult<AuditEntry>> ListAsync(TableClient table, string partitionKey, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new PagedResult<AuditEntry>(page.Values.Select(ToEntry).ToArray(), page.ContinuationToken);
        }

        return new PagedResult<AuditEntry>([], null);
    }

    private static async Task InsertOnceAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            // The same entry was appended before (a retry): the first line stays as it was.
        }
    }

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string RowKey(AuditEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}-{KeyEncoding.Encode(entry.Id)}");

    private static TableEntity ToRow(string partitionKey, string rowKey, AuditEntry entry) => new(partitionKey, rowKey)
    {
        ["EntryId"] = entry.Id,
        ["At"] = entry.At.ToUniversalTime(),
        ["Actor"] = entry.Actor,
        ["Action"] = entry.Action,
        ["PartnerId"] = entry.PartnerId,
        ["Subject"] = entry.Subject,
        ["Before"] = entry.Before,
        ["After"] = entry.After,
        ["RequestId"] = entry.RequestId,
        ["Status"] = entry.Status,
    };

    private static AuditEntry ToEntry(TableEntity row) => new(
        row.GetString("EntryId") ?? string.Empty,
        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        row.GetString("Actor") ?? string.Empty,
        row.GetString("Action") ?? string.Empty,
        row.GetString("PartnerId"),
        row.GetString("Subject"),
        row.GetString("Before"),
        row.GetString("After"),
        row.GetString("RequestId"),
        row.GetInt32("Status"));
}
