namespace PartnerFunctions.Domain.Persistence;

/// <summary>The kinds of long-running workflow that are recorded.</summary>
public enum WorkflowRunKind
{
    Migration,
    Reevaluation,
    WhatIf,
    Certification,
}

/// <summary>Lifecycle of a workflow run.</summary>
public enum WorkflowRunStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>How far a run is.</summary>
/// <param name="Phase">What it is doing now, e.g. "evaluating", "notifying".</param>
public sealed record RunProgress(int Done, int Total, string Phase);

/// <summary>A workflow run: who started it, when, how far it is and how it ended.</summary>
/// <param name="Outcome">Summary for people (e.g. "1,480 evaluated, 12 upgraded, 3 grace periods").</param>
/// <param name="ReportBlobNames">Reports the run wrote.</param>
/// <param name="ETag">Opaque concurrency token; empty for a run not stored yet.</param>
public sealed record WorkflowRun(
    WorkflowRunKind Kind,
    string InstanceId,
    string StartedBy,
    DateTimeOffset StartedAt,
    WorkflowRunStatus Status,
    RunProgress Progress,
    string? Outcome,
    IReadOnlyList<string> ReportBlobNames,
    int Failures,
    DateTimeOffset? CompletedAt,
    string ETag);

/// <summary>Workflow runs by kind.</summary>
public interface IWorkflowRunRepository
{
    /// <summary>Records a started run; when the instance is recorded already, returns the stored run (idempotent).</summary>
    Task<WorkflowRun> CreateAsync(WorkflowRun run, CancellationToken cancellationToken = default);

    /// <summary>The run, or null.</summary>
    Task<WorkflowRun?> GetAsync(WorkflowRunKind kind, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored run with <paramref name="run"/> if it still has <paramref name="run"/>'s ETag (else <see cref="ConcurrencyConflictException"/>).</summary>
    Task<WorkflowRun> UpdateAsync(WorkflowRun run, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored run with a conditional write, re-reading and re-applying it
    /// when another writer won (so <paramref name="change"/> must be a pure function of the run it is given).
    /// </summary>
    Task<WorkflowRun> UpdateAsync(WorkflowRunKind kind, string instanceId, Func<WorkflowRun, WorkflowRun> change, CancellationToken cancellationToken = default);

    /// <summary>Runs of a kind in instance id order, a page at a time.</summary>
    Task<PagedResult<WorkflowRun>> ListAsync(WorkflowRunKind kind, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
