using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.WorkflowRuns;

/// <summary>Workflow runs in the <c>workflowruns</c> table: PK = run kind, RK = instance id.</summary>
public sealed class TableWorkflowRunRepository : IWorkflowRunRepository
{
    private const int MaxRetries = 10;

    private readonly TableClient _table;

    public TableWorkflowRunRepository(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.WorkflowRuns);
    }

    internal static string KindKey(WorkflowRunKind kind) => kind.ToString().ToLowerInvariant();

    public async Task<WorkflowRun> CreateAsync(WorkflowRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(run.InstanceId);
        try
        {
            var response = await _table.AddEntityAsync(ToRow(run), cancellationToken);
            return run with { ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            return await GetAsync(run.Kind, run.InstanceId, cancellationToken)
                ?? throw new InvalidOperationException($"Run {run.InstanceId} reported as existing but cannot be read.", ex);
        }
    }

    public async Task<WorkflowRun?> GetAsync(WorkflowRunKind kind, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(KindKey(kind), KeyEncoding.Encode(instanceId), cancellationToken: cancellationToken);
        return response.HasValue ? ToRun(response.Value!) : null;
    }

    public async Task<WorkflowRun> UpdateAsync(WorkflowRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            var response = await _table.UpdateEntityAsync(ToRow(run), TableErrors.ToETag(run.ETag), TableUpdateMode.Replace, cancellationToken);
            return run with { ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Run {run.InstanceId}", ex);
        }
    }

    public async Task<WorkflowRun> UpdateAsync(WorkflowRunKind kind, string instanceId, Func<WorkflowRun, WorkflowRun> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetAsync(kind, instanceId, cancellationToken)
                ?? throw new KeyNotFoundException($"Run {instanceId} ({kind}) does not exist.");
            var changed = change(stored) with { Kind = kind, InstanceId = instanceId, ETag = stored.ETag };
            try
            {
                return await UpdateAsync(changed, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxRetries)
            {
                // Another activity updated the run meanwhile: apply the change again to the newer row.
            }
        }
    }

    public async Task<PagedResult<WorkflowRun>> ListAsync(WorkflowRunKind kind, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {KindKey(kind)}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new PagedResult<WorkflowRun>(page.Values.Select(ToRun).ToArray(), page.ContinuationToken);
        }

        return new PagedResult<WorkflowRun>([], null);
    }

    private static TableEntity ToRow(WorkflowRun run) => new(KindKey(run.Kind), KeyEncoding.Encode(run.InstanceId))
    {
        ["InstanceId"] = run.InstanceId,
        ["StartedBy"] = run.StartedBy,
        ["StartedAt"] = run.StartedAt.ToUniversalTime(),
        ["Status"] = run.Status.ToString(),
        ["Done"] = run.Progress.Done,
        ["Total"] = run.Progress.Total,
        ["Phase"] = run.Progress.Phase,
        ["Outcome"] = run.Outcome,
        ["ReportBlobNames"] = StorageJson.Serialize(run.ReportBlobNames),
        ["Failures"] = run.Failures,
        ["CompletedAt"] = run.CompletedAt?.ToUniversalTime(),
    };

    private static WorkflowRun ToRun(TableEntity row) => new(
        StorageFormats.ParseEnum<WorkflowRunKind>(row.PartitionKey),
        row.GetString("InstanceId") ?? KeyEncoding.Decode(row.RowKey),
        row.GetString("StartedBy") ?? string.Empty,
        row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue,
        StorageFormats.ParseEnum<WorkflowRunStatus>(row.GetString("Status") ?? nameof(WorkflowRunStatus.Running)),
        new RunProgress(row.GetInt32("Done") ?? 0, row.GetInt32("Total") ?? 0, row.GetString("Phase") ?? string.Empty),
        row.GetString("Outcome"),
        row.GetString("ReportBlobNames") is { Length: > 0 } names ? StorageJson.Deserialize<string[]>(names) : [],
        row.GetInt32("Failures") ?? 0,
        row.GetDateTimeOffset("CompletedAt"),
        row.ETag.ToString());
}
