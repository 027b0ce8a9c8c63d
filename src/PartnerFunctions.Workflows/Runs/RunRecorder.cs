using System.Globalization;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>Phases a batch run goes through (shown in the run record and the orchestration's custom status).</summary>
public static class RunPhases
{
    public const string Starting = "starting";
    public const string Counting = "counting";
    public const string Evaluating = "evaluating";
    public const string Previewing = "previewing";
    public const string Reporting = "reporting";
    public const string AwaitingReminder = "awaiting-reminder";
    public const string Reminding = "reminding";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>
/// What a batch orchestration shows in its custom status: the phase and partners done out of the total (the total is
/// known after the counting pass, 0 before it).
/// </summary>
/// <param name="Detail">Extra words for people, e.g. the date a reminder timer waits for.</param>
public sealed record RunCustomStatus(string Phase, int Done, int Total, int? Percent, string? Detail)
{
    public static RunCustomStatus Of(string phase, int done, int total, string? detail = null) =>
        new(phase, done, total, RunRecorder.Percent(done, total), detail);
}

/// <summary>
/// Keeps the run record of a batch workflow (<see cref="IWorkflowRunRepository"/>) up to date. Every method is
/// idempotent, so activities delivered twice leave the same record.
/// </summary>
public sealed class RunRecorder(IWorkflowRunRepository runs)
{
    /// <summary>Percentage done, or null while the total is unknown.</summary>
    public static int? Percent(int done, int total) =>
        total <= 0 ? null : (int)Math.Min(100, Math.Floor(done * 100d / total));

    /// <summary>
    /// Records a started run. The same execution (same start instant: a retried activity) keeps its record; a record
    /// left by an earlier execution of the same instance id (a failed nightly started again the same day) is reset.
    /// </summary>
    public async Task<WorkflowRun> BeginAsync(WorkflowRunKind kind, string instanceId, string startedBy, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        var fresh = new WorkflowRun(kind, instanceId, startedBy, startedAt, WorkflowRunStatus.Running, new RunProgress(0, 0, RunPhases.Starting), null, [], 0, null, string.Empty);
        var stored = await runs.CreateAsync(fresh, cancellationToken);
        // Storage may keep the instant to the millisecond only.
        if (Math.Abs((stored.StartedAt - startedAt).TotalMilliseconds) < 1)
        {
            return stored;
        }

        return await runs.UpdateAsync(kind, instanceId, _ => fresh, cancellationToken);
    }

    /// <summary>Moves the progress forward (never back: a late retry of an earlier page cannot lower it).</summary>
    public Task<WorkflowRun> ProgressAsync(WorkflowRunKind kind, string instanceId, int done, int total, string phase, int failures = 0, CancellationToken cancellationToken = default) =>
        runs.UpdateAsync(kind, instanceId, run => run.Status != WorkflowRunStatus.Running
            ? run
            : run with
            {
                Progress = new RunProgress(Math.Max(run.Progress.Done, done), Math.Max(total, done), phase),
                Failures = Math.Max(run.Failures, failures),
            }, cancellationToken);

    /// <summary>Records the outcome and reports of a finished run.</summary>
    public Task<WorkflowRun> CompleteAsync(WorkflowRunKind kind, string instanceId, int total, string outcome, IReadOnlyList<string> reportBlobNames, int failures, DateTimeOffset completedAt, CancellationToken cancellationToken = default) =>
        runs.UpdateAsync(kind, instanceId, run => run with
        {
            Status = WorkflowRunStatus.Completed,
            Progress = new RunProgress(total, total, RunPhases.Completed),
            Outcome = outcome,
            ReportBlobNames = reportBlobNames,
            Failures = failures,
            CompletedAt = completedAt,
        }, cancellationToken);

    /// <summary>Records the reports and outcome while the run goes on (e.g. a migration waiting for reminder dates).</summary>
    public Task<WorkflowRun> ReportAsync(WorkflowRunKind kind, string instanceId, string outcome, IReadOnlyList<string> reportBlobNames, int failures, string phase, CancellationToken cancellationToken = default) =>
        runs.UpdateAsync(kind, instanceId, run => run with
        {
            Progress = run.Progress with { Phase = phase },
            Outcome = outcome,
            ReportBlobNames = reportBlobNames,
            Failures = failures,
        }, cancellationToken);

    /// <summary>Records that the run failed, with the error for people.</summary>
    public Task<WorkflowRun> FailAsync(WorkflowRunKind kind, string instanceId, string error, DateTimeOffset failedAt, CancellationToken cancellationToken = default) =>
        runs.UpdateAsync(kind, instanceId, run => run with
        {
            Status = WorkflowRunStatus.Failed,
            Progress = run.Progress with { Phase = RunPhases.Failed },
            Outcome = string.Create(CultureInfo.InvariantCulture, $"Failed: {error}"),
            CompletedAt = failedAt,
        }, cancellationToken);
}
