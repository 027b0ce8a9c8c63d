using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>Counts of a nightly re-evaluation (of a page, or summed over the run).</summary>
/// <param name="Evaluated">Partners evaluated.</param>
/// <param name="DecisionsWritten">Decisions stored by this run (tier, state, levels or definition version changed).</param>
/// <param name="EmailsSent">Tier emails to partners (upgrade, grace period, downgrade, cancellation).</param>
/// <param name="NotificationFailures">Emails (tier or reminder) the provider refused for good.</param>
/// <param name="Failures">Partners whose evaluation failed (left for the next night).</param>
public sealed record ReevaluationCounts(
    int Evaluated = 0,
    int Upgraded = 0,
    int Downgraded = 0,
    int GraceStarted = 0,
    int DowngradesCancelled = 0,
    int StaffDecisionsRequested = 0,
    int LevelsChanged = 0,
    int DecisionsWritten = 0,
    int EmailsSent = 0,
    int RemindersSent = 0,
    int NotificationFailures = 0,
    int Failures = 0)
{
    public ReevaluationCounts Plus(ReevaluationCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Evaluated + other.Evaluated,
            Upgraded + other.Upgraded,
            Downgraded + other.Downgraded,
            GraceStarted + other.GraceStarted,
            DowngradesCancelled + other.DowngradesCancelled,
            StaffDecisionsRequested + other.StaffDecisionsRequested,
            LevelsChanged + other.LevelsChanged,
            DecisionsWritten + other.DecisionsWritten,
            EmailsSent + other.EmailsSent,
            RemindersSent + other.RemindersSent,
            NotificationFailures + other.NotificationFailures,
            Failures + other.Failures);
    }
}

/// <summary>Input of the nightly orchestration.</summary>
/// <param name="RunDate">The UTC day of the run (its instance id is "reeval-yyyyMMdd" of it).</param>
/// <param name="StartedBy">"timer" or the staff member who asked.</param>
/// <param name="State">Null at the start; the running state when the orchestration continues as new.</param>
public sealed record ReevaluationInput(DateOnly RunDate, string StartedBy, ReevaluationState? State = null);

/// <summary>What the nightly carries from one generation to the next (small: ids, a token and counters).</summary>
/// <param name="At">The evaluation instant, pinned at the start for the whole run.</param>
/// <param name="Token">Where the partner scan (counting or evaluating) goes on; null at the start of a pass.</param>
public sealed record ReevaluationState(
    DefinitionRef Definition,
    DateTimeOffset At,
    int PartnersPerPage,
    string Phase,
    string? Token,
    int Total,
    int Done,
    int PageIndex,
    ReevaluationCounts Counts,
    IReadOnlyList<string> FailedPartnerIds);

/// <summary>What the nightly returns (and writes to summary.json).</summary>
public sealed record ReevaluationSummary(
    string RunId,
    string DefinitionVersion,
    DateTimeOffset EvaluatedAt,
    string StartedBy,
    int Partners,
    ReevaluationCounts Counts,
    int FailedNotifications,
    IReadOnlyList<string> FailedPartnerIds,
    IReadOnlyList<string> Reports);

/// <summary>
/// The nightly re-evaluation of every partner (singleton "reeval-yyyyMMdd"). It pins the active definition and the
/// evaluation instant, counts the partners (so progress is a percentage), evaluates them a page per activity
/// (decisions, tier emails, grace periods, accreditation expiry reminders), then writes the run report. It continues
/// as new every <see cref="BatchRun.ActivitiesPerGeneration"/> activities, carrying the scan token and the totals.
/// </summary>
public sealed partial class ReevaluationOrchestrator : TaskOrchestrator<ReevaluationInput, ReevaluationSummary?>
{
    public const WorkflowRunKind Kind = WorkflowRunKind.Reevaluation;

    public override async Task<ReevaluationSummary?> RunAsync(TaskOrchestrationContext context, ReevaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<ReevaluationOrchestrator>();
        var runId = context.InstanceId;
        var state = input.State;
        try
        {
            if (state is null)
            {
                context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Starting, 0, 0));
                var at = EvaluationInstant(input.RunDate, context.CurrentUtcDateTime);
                var begun = await context.CallActivityAsync<BeginRunResult>(nameof(BeginRunActivity), new BeginRunInput(Kind, runId, input.StartedBy, at), BatchRun.Retry);
                state = new ReevaluationState(begun.Definition, at, begun.PartnersPerPage, RunPhases.Counting, null, 0, 0, 0, new ReevaluationCounts(), []);
            }

            for (var activities = 0; state.Phase != RunPhases.Reporting; activities++)
            {
                if (activities == BatchRun.ActivitiesPerGeneration)
                {
                    context.ContinueAsNew(input with { State = state });
                    return null;
                }

                context.SetCustomStatus(RunCustomStatus.Of(state.Phase, state.Done, state.Total));
                if (state.Phase == RunPhases.Counting)
                {
                    var (total, next) = await BatchRun.CountNextAsync(context, Kind, state.Token, state.PartnersPerPage, state.Total);
                    state = state with { Total = total, Token = next, Phase = next is null ? RunPhases.Evaluating : RunPhases.Counting };
                    continue;
                }

                var page = await context.CallActivityAsync<ReevaluationPageResult>(
                    nameof(ReevaluationPageActivity),
                    new ReevaluationPageInput(runId, state.Definition, state.At, state.Token, state.PartnersPerPage, state.PageIndex, state.Done, state.Total),
                    BatchRun.Retry);
                state = state with
                {
                    Token = page.NextToken,
                    Done = state.Done + page.Processed,
                    Total = Math.Max(state.Total, state.Done + page.Processed),
                    PageIndex = state.PageIndex + 1,
                    Counts = state.Counts.Plus(page.Counts),
                    FailedPartnerIds = BatchRun.AppendFailures(state.FailedPartnerIds, page.FailedPartnerIds),
                    Phase = page.NextToken is null ? RunPhases.Reporting : RunPhases.Evaluating,
                };
            }

            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reporting, state.Done, state.Total));
            var summary = await context.CallActivityAsync<ReevaluationSummary>(
                nameof(ReevaluationReportActivity),
                new ReevaluationReportInput(runId, input.StartedBy, state.Definition, state.At, state.Done, state.Counts, state.FailedPartnerIds, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)),
                BatchRun.Retry);
            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Completed, state.Done, state.Done));
            return summary;
        }
        catch (TaskFailedException ex)
        {
            LogFailed(logger, runId, ex.FailureDetails.ErrorMessage);
            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Failed, state?.Done ?? 0, state?.Total ?? 0, ex.FailureDetails.ErrorMessage));
            await context.CallActivityAsync<bool>(
                nameof(FailRunActivity), new FailRunInput(Kind, runId, ex.FailureDetails.ErrorMessage, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)), BatchRun.Retry);
            throw;
        }
    }

    /// <summary>
    /// The instant the whole run evaluates at: the orchestration's start; for a run asked for an earlier day (staff
    /// catching up a night that did not run) the same time of day on that day, so reminders and grace periods are
    /// computed for that day.
    /// </summary>
    public static DateTimeOffset EvaluationInstant(DateOnly runDate, DateTime startedUtc)
    {
        var started = new DateTimeOffset(DateTime.SpecifyKind(startedUtc, DateTimeKind.Utc));
        return runDate >= DateOnly.FromDateTime(startedUtc)
            ? started
            : new DateTimeOffset(runDate.ToDateTime(TimeOnly.FromTimeSpan(startedUtc.TimeOfDay), DateTimeKind.Utc));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Nightly re-evaluation {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);
}
