using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>Constants shared by the batch orchestrations (nightly, what-if, migration).</summary>
public static class BatchRun
{
    /// <summary>
    /// Activities (count reads or pages) one execution runs before it continues as new with its running totals: about
    /// four history events each, so a generation stays far below the engine's 10,000-event comfort limit.
    /// </summary>
    public const int ActivitiesPerGeneration = 40;

    /// <summary>Pages' worth of partners the counting activity counts in one call (keys only).</summary>
    public const int CountReadsPerActivity = 20;

    /// <summary>Tries of an activity that failed for another reason than a busy email provider.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// One step of the counting pass every batch run makes before its pages (so progress is a real percentage):
    /// returns the running total and the token to count from next, null once every partner is counted.
    /// </summary>
    public static async Task<(int Total, string? NextToken)> CountNextAsync(
        TaskOrchestrationContext context, WorkflowRunKind kind, string? token, int partnersPerPage, int countedBefore)
    {
        ArgumentNullException.ThrowIfNull(context);
        var counted = await context.CallActivityAsync<CountPartnersResult>(
            nameof(CountPartnersActivity), new CountPartnersInput(kind, context.InstanceId, token, partnersPerPage, countedBefore), Retry);
        return (countedBefore + counted.Count, counted.NextToken);
    }

    /// <summary>
    /// Retries of every batch activity (they are idempotent): an email provider that asked to wait (a
    /// <see cref="NotificationTransientException"/>) is waited for as asked (durable timer, up to 8 tries); any other
    /// failure (storage hiccup) is tried again after 5 s, then 10 s.
    /// </summary>
    public static TaskOptions Retry { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (NotificationRetry.ShouldRetry(retry.LastFailure, retry.LastAttemptNumber, 8))
        {
            await retry.OrchestrationContext.CreateTimer(NotificationRetry.DelayFor(retry.LastFailure, TimeSpan.FromHours(1)), retry.CancellationToken);
            return true;
        }

        if (retry.LastAttemptNumber >= MaxAttempts)
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(5 * retry.LastAttemptNumber), retry.CancellationToken);
        return true;
    });

    /// <summary>
    /// True for a failure of one partner that the page may count and move past; false for what must fail the page so
    /// the engine retries it (cancellation, an email provider asking to wait).
    /// </summary>
    public static bool IsPartnerFailure(Exception ex) => ex is not (OperationCanceledException or NotificationTransientException);

    /// <summary>Failures kept by name in a result or report (the rest are only counted), to bound payloads.</summary>
    public const int MaxListedFailures = 50;

    /// <summary>Adds failed partner ids to a bounded list.</summary>
    public static IReadOnlyList<string> AppendFailures(IReadOnlyList<string> list, IEnumerable<string> more) =>
        list.Concat(more).Take(MaxListedFailures).ToArray();
}

/// <summary>Input of <see cref="BeginRunActivity"/>.</summary>
/// <param name="StartedAt">The orchestration's clock at start (deterministic).</param>
public sealed record BeginRunInput(WorkflowRunKind Kind, string InstanceId, string StartedBy, DateTimeOffset StartedAt);

/// <summary>What a run pins at its start.</summary>
/// <param name="Definition">The active definition, used for the whole run even if another is activated meanwhile.</param>
/// <param name="PartnersPerPage">Partners per page activity (<see cref="WorkflowOptions.PartnersPerBatch"/>).</param>
public sealed record BeginRunResult(DefinitionRef Definition, int PartnersPerPage);

/// <summary>Records the run and pins the active program definition and the page size for the whole run.</summary>
public sealed class BeginRunActivity(RunRecorder recorder, ProgramDefinitionCache definitions, IOptions<WorkflowOptions> options) : TaskActivity<BeginRunInput, BeginRunResult>
{
    public override async Task<BeginRunResult> RunAsync(TaskActivityContext context, BeginRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await recorder.BeginAsync(input.Kind, input.InstanceId, input.StartedBy, input.StartedAt);
        var active = await definitions.GetActiveAsync();
        return new BeginRunResult(DefinitionRef.Of(active), options.Value.PartnersPerBatch);
    }
}

/// <summary>Input of <see cref="CountPartnersActivity"/>.</summary>
/// <param name="CountedBefore">Partners counted by earlier calls (for the run record).</param>
public sealed record CountPartnersInput(WorkflowRunKind Kind, string RunId, string? ResumeToken, int PartnersPerRead, int CountedBefore);

/// <summary>What one counting call saw.</summary>
/// <param name="NextToken">Where counting goes on; null when every partner was counted.</param>
public sealed record CountPartnersResult(int Count, string? NextToken);

/// <summary>
/// The counting pass that gives a run its total (so progress is a real percentage): reads partner pages through the
/// same scan the run uses, a bounded number per call, and counts them. It costs one extra read of the partner table
/// (a few seconds per 10,000 partners on Azurite, a few hundred storage transactions in Azure).
/// </summary>
public sealed class CountPartnersActivity(IPartnerRepository partners, RunRecorder recorder) : TaskActivity<CountPartnersInput, CountPartnersResult>
{
    public override async Task<CountPartnersResult> RunAsync(TaskActivityContext context, CountPartnersInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Keys only (one small row per partner), so one query covers many pages' worth of partners.
        var counted = await partners.CountPartnersAsync(input.ResumeToken, input.PartnersPerRead * BatchRun.CountReadsPerActivity);
        await recorder.ProgressAsync(input.Kind, input.RunId, 0, input.CountedBefore + counted.Count, RunPhases.Counting);
        return new CountPartnersResult(counted.Count, counted.ResumeToken);
    }
}

/// <summary>Input of <see cref="FailRunActivity"/>.</summary>
public sealed record FailRunInput(WorkflowRunKind Kind, string InstanceId, string Error, DateTimeOffset FailedAt);

/// <summary>Marks a run failed (the orchestration failed after its retries).</summary>
public sealed class FailRunActivity(RunRecorder recorder) : TaskActivity<FailRunInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, FailRunInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await recorder.FailAsync(input.Kind, input.InstanceId, input.Error, input.FailedAt);
        return true;
    }
}
