using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Approvals;

/// <summary>Approval requests in the <c>approvals</c> table: PK = RK = approval id (one point read per request).</summary>
public sealed class TableApprovalRepository : IApprovalRepository
{
    private readonly TableClient _table;

    public TableApprovalRepository(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Approvals);
    }

    public async Task<ApprovalRequest> CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ApprovalId);
        var row = ToRow(request);
        try
        {
            var response = await _table.AddEntityAsync(row, cancellationToken);
            return request with { ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            return await GetAsync(request.ApprovalId, cancellationToken)
                ?? throw new InvalidOperationException($"Approval {request.ApprovalId} reported as existing but cannot be read.", ex);
        }
    }

    public async Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus? status, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var filter = status is { } wanted ? TableClient.CreateQueryFilter($"Status eq {wanted.ToString()}") : null;
        var result = new List<ApprovalRequest>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToRequest(row));
        }

        return result.OrderBy(r => r.RequestedAt).ThenBy(r => r.ApprovalId, StringComparer.Ordinal).Take(max).ToArray();
    }

    public async Task<ApprovalRequest?> GetAsync(string approvalId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        var key = KeyEncoding.Encode(approvalId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(key, key, cancellationToken: cancellationToken);
        return response.HasValue ? ToRequest(response.Value!) : null;
    }

    public async Task<ApprovalRequest> DecideAsync(string approvalId, ApprovalStatus decision, string decidedBy, DateTimeOffset decidedAt, string? comment, string expectedETag, CancellationToken cancellationToken = default)
    {
        if (decision == ApprovalStatus.Pending)
        {
            throw new ArgumentException("A decision is Approved, Rejected or Expired.", nameof(decision));
        }

        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        var etag = TableErrors.ToETag(expectedETag);
        var stored = await GetAsync(approvalId, cancellationToken)
            ?? throw new KeyNotFoundException($"Approval {approvalId} does not exist.");
        if (stored.Status != ApprovalStatus.Pending)
        {
            throw new ConcurrencyConflictException($"Approval {approvalId} was answered already ({stored.Status} by {stored.DecidedBy}).");
        }

        var decided = stored with { Status = decision, DecidedBy = decidedBy, DecidedAt = decidedAt.ToUniversalTime(), Comment = comment };
        try
        {
            var response = await _table.UpdateEntityAsync(ToRow(decided), etag, TableUpdateMode.Replace, cancellationToken);
            return decided with { ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Approval {approvalId}", ex);
        }
    }

    private static TableEntity ToRow(ApprovalRequest r)
    {
        var key = KeyEncoding.Encode(r.ApprovalId);
        var row = new TableEntity(key, key)
        {
            ["ApprovalId"] = r.ApprovalId,
            ["Kind"] = r.Kind,
            ["PartnerId"] = r.PartnerId,
            ["Approver"] = r.Approver,
            ["TokenHash"] = r.TokenHash,
            ["WorkflowInstanceId"] = r.WorkflowInstanceId,
            ["RequestedAt"] = r.RequestedAt.ToUniversalTime(),
            ["ExpiresAt"] = r.ExpiresAt.ToUniversalTime(),
            ["Status"] = r.Status.ToString(),
            ["DecidedBy"] = r.DecidedBy,
            ["DecidedAt"] = r.DecidedAt?.ToUniversalTime(),
            ["Comment"] = r.Comment,
        };
        StorageJson.WriteLarge(row, "Payload", r.PayloadJson);
        return row;
    }

    private static ApprovalRequest ToRequest(TableEntity row) => new(
        row.GetString("ApprovalId") ?? string.Empty,
        row.GetString("Kind") ?? string.Empty,
        row.GetString("PartnerId"),
        row.GetString("Approver") ?? string.Empty,
        row.GetString("TokenHash") ?? string.Empty,
        row.GetString("WorkflowInstanceId"),
        StorageJson.ReadLarge(row, "Payload") ?? "{}",
        row.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
        StorageFormats.ParseEnum<ApprovalStatus>(row.GetString("Status") ?? nameof(ApprovalStatus.Pending)),
        row.GetString("DecidedBy"),
        row.GetDateTimeOffset("DecidedAt"),
        row.GetString("Comment"),
        row.ETag.ToString());
}
