using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.WorkflowStarts;

/// <summary>
/// Start claims in the <c>workflowstarts</c> table: PK = "claim", RK = instance id (encoded). Taken with an insert
/// (409 when one exists) or an If-Match replace (412 when it changed), so the storage service decides the one winner.
/// </summary>
public sealed class TableWorkflowStartClaims : IWorkflowStartClaims
{
    private const string Partition = "claim";

    private readonly TableClient _table;

    public TableWorkflowStartClaims(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.WorkflowStarts);
    }

    public async Task<WorkflowStartClaim?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoding.Encode(instanceId), cancellationToken: cancellationToken);
        return response.HasValue ? ToClaim(instanceId, response.Value!) : null;
    }

    public async Task<WorkflowStartClaim?> TryClaimAsync(string instanceId, WorkflowStartClaim? replacing, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var row = ToRow(instanceId, started: false, now);
        try
        {
            var response = replacing is null
                ? await _table.AddEntityAsync(row, cancellationToken)
                : await _table.UpdateEntityAsync(row, TableErrors.ToETag(replacing.ETag), TableUpdateMode.Replace, cancellationToken);
            return new WorkflowStartClaim(instanceId, false, now, response.Headers.ETag?.ToString() ?? string.Empty);
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            return null;
        }
    }

    public async Task MarkStartedAsync(WorkflowStartClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await _table.UpdateEntityAsync(ToRow(claim.InstanceId, started: true, claim.ClaimedAt), TableErrors.ToETag(claim.ETag), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            // Taken over meanwhile: the new holder's state stands.
        }
    }

    public async Task ReleaseAsync(WorkflowStartClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await _table.DeleteEntityAsync(Partition, KeyEncoding.Encode(claim.InstanceId), TableErrors.ToETag(claim.ETag), cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            // Taken over or gone meanwhile.
        }
    }

    private static TableEntity ToRow(string instanceId, bool started, DateTimeOffset claimedAt) =>
        new(Partition, KeyEncoding.Encode(instanceId))
        {
            ["Started"] = started,
            ["ClaimedAt"] = claimedAt,
        };

    private static WorkflowStartClaim ToClaim(string instanceId, TableEntity row) =>
        new(instanceId, row.GetBoolean("Started") ?? false, row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue, row.ETag.ToString());
}
