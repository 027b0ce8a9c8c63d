using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>Counts a batch run adds up over its pages (a page's tally plus the run's so far).</summary>
public interface IRunTally<TSelf>
    where TSelf : IRunTally<TSelf>
{
    /// <summary>The tally of a run before its first page.</summary>
    static abstract TSelf Empty { get; }

    TSelf Plus(TSelf other);
}

/// <summary>What a page activity of a batch run did, as the run skeleton reads it.</summary>
public interface IBatchPage<out TTally>
{
    int Processed { get; }

    /// <summary>Where the next page starts; null after the last page of the phase.</summary>
    string? NextToken { get; }

    TTally Tally { get; }

    IReadOnlyList<string> FailedPartnerIds { get; }
}

/// <summary>
/// What a batch run carries from one generation to the next (small: ids, a token and counters), the same for every
/// batch feature.
/// </summary>
/// <param name="At">The run's instant, pinned at the start for the whole run.</param>
/// <param name="Phase">The step the run is at: counting, a page phase of the feature, or a step of its own.</param>
/// <param name="Token">Where the partner scan (counting or a page phase) goes on; null at the start of a pass.</param>
/// <param name="Plan">What a feature keeps for its later phases (e.g. migration's reminder dates); omitted when null.</param>
public sealed record BatchRunState<TTally, TPlan>(
    DefinitionRef Definition,
    DateTimeOffset At,
    int PartnersPerPage,
    string Phase,
    string? Token,
    int Total,
    int Done,
    int PageIndex,
    TTally Tally,
    IReadOnlyList<string> FailedPartnerIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TPlan? Plan = null)
    where TPlan : class;

/// <summary>The input of a batch orchestration: who started it and, after a continue-as-new, its running state.</summary>
public interface IBatchRunInput<TSelf, TTally, TPlan>
    where TPlan : class
{
    string StartedBy { get; }

    BatchRunState<TTally, TPlan>? State { get; }

    /// <summary>The input of the next generation.</summary>
    TSelf WithState(BatchRunState<TTally, TPlan> state);
}

/// <summary>What a batch feature gives the run skeleton besides its hooks.</summary>
/// <param name="Kind">The run kind (run record, report folder).</param>
/// <param name="Title">The run's name in logs, e.g. "Nightly re-evaluation".</param>
/// <param name="FirstPagePhase">The page phase that follows counting.</param>
/// <param name="PageActivity">The activity of the first page phase (by default on a <see cref="BatchPageInput"/>, answering a <see cref="BatchPageResult{TTally}"/>).</param>
/// <param name="ReportActivity">The activity that writes the report and completes the run record (by default on a <see cref="BatchReportInput{TTally}"/>).</param>
public sealed record BatchRunSteps(WorkflowRunKind Kind, string Title, string FirstPagePhase, string PageActivity, string ReportActivity);

/// <summary>The plan of a batch run that has none (one page phase, then the report).</summary>
public sealed record NoPlan;

/// <summary>
/// The skeleton every batch run (nightly re-evaluation, what-if, migration) follows, written once: it records the run
/// and pins the active definition and page size (<see cref="BeginRunActivity"/>), counts the partners (so progress is
/// a percentage), runs the feature's page phases a page per activity, adding up their tallies and failed partners,
/// writes the feature's report, and fails the run record when an activity failed after its retries. It shows the phase
/// and progress in the custom status (<see cref="RunCustomStatus"/>) and continues as new every
/// <see cref="BatchRun.ActivitiesPerGeneration"/> activities, carrying the <see cref="BatchRunState{TTally, TPlan}"/>.
/// A feature gives its page activity (<see cref="BatchRunSteps.PageActivity"/>), its tally and its report (<see cref="BatchRunSteps.ReportActivity"/>);
/// a feature with more phases (migration's reminders) says what follows a page phase (<see cref="AfterPages"/>) and
/// runs its own steps (<see cref="StepAsync"/>). Deterministic: time from the context, I/O only in activities.
/// </summary>
public abstract class BatchRunOrchestrator<TInput, TTally, TPlan, TOutput>(BatchRunSteps steps) : TaskOrchestrator<TInput, TOutput?>
    where TInput : IBatchRunInput<TInput, TTally, TPlan>
    where TTally : IRunTally<TTally>
    where TPlan : class
    where TOutput : class
{
    /// <summary>The feature's kind, name, first page phase, page and report activities.</summary>
    protected BatchRunSteps Steps { get; } = steps ?? throw new ArgumentNullException(nameof(steps));

    public sealed override async Task<TOutput?> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var runId = context.InstanceId;
        var state = input.State;
        try
        {
            if (state is null)
            {
                context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Starting, 0, 0));
                var at = StartInstant(input, context.CurrentUtcDateTime);
                var begun = await context.CallActivityAsync<BeginRunResult>(nameof(BeginRunActivity), new BeginRunInput(Steps.Kind, runId, input.StartedBy, at), BatchRun.Retry);
                state = new BatchRunState<TTally, TPlan>(begun.Definition, at, begun.PartnersPerPage, RunPhases.Counting, null, 0, 0, 0, TTally.Empty, []);
            }

            for (var activities = 0; state.Phase != RunPhases.Reporting; activities++)
            {
                if (activities == BatchRun.ActivitiesPerGeneration)
                {
                    context.ContinueAsNew(input.WithState(state));
                    return null;
                }

                state = state.Phase == RunPhases.Counting ? await CountAsync(context, state)
                    : IsPagePhase(state.Phase) ? await NextPageAsync(context, input, state)
                    : await StepAsync(context, input, state);
            }

            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reporting, state.Done, state.Total));
            var output = await ReportAsync(context, input, state);
            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Completed, state.Done, state.Done));
            return output;
        }
        catch (TaskFailedException ex)
        {
            BatchRunLog.Failed(context.CreateReplaySafeLogger(GetType()), Steps.Title, runId, ex.FailureDetails.ErrorMessage);
            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Failed, state?.Done ?? 0, state?.Total ?? 0, ex.FailureDetails.ErrorMessage));
            await context.CallActivityAsync<bool>(
                nameof(FailRunActivity), new FailRunInput(Steps.Kind, runId, ex.FailureDetails.ErrorMessage, Now(context)), BatchRun.Retry);
            throw;
        }
    }

    /// <summary>The orchestration's clock as an instant (deterministic).</summary>
    protected static DateTimeOffset Now(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
    }

    /// <summary>Calls a page activity with the batch retries.</summary>
    protected static async Task<IBatchPage<TTally>> CallPageAsync<TPage>(TaskOrchestrationContext context, TaskName activity, object input)
        where TPage : IBatchPage<TTally>
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.CallActivityAsync<TPage>(activity, input, BatchRun.Retry);
    }

    /// <summary>The instant the run is pinned at (default: the orchestration's start).</summary>
    protected virtual DateTimeOffset StartInstant(TInput input, DateTime startedUtc) => new(startedUtc, TimeSpan.Zero);

    /// <summary>Whether <paramref name="phase"/> is a page phase (default: only <see cref="BatchRunSteps.FirstPagePhase"/>).</summary>
    protected virtual bool IsPagePhase(string phase) => phase == Steps.FirstPagePhase;

    /// <summary>
    /// Runs the page activity of the current page phase (<c>state.Phase</c>) on the page at <c>state.Token</c>; by
    /// default <see cref="BatchRunSteps.PageActivity"/> on a <see cref="BatchPageInput"/>.
    /// </summary>
    protected virtual Task<IBatchPage<TTally>> PageAsync(TaskOrchestrationContext context, TInput input, BatchRunState<TTally, TPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        return CallPageAsync<BatchPageResult<TTally>>(
            context,
            Steps.PageActivity,
            new BatchPageInput(context.InstanceId, state.Definition, state.At, state.Token, state.PartnersPerPage, state.PageIndex, state.Done, state.Total));
    }

    /// <summary>Words for people shown with a page phase's progress (default: none).</summary>
    protected virtual string? PageDetail(BatchRunState<TTally, TPlan> state) => null;

    /// <summary>What follows the last page of a page phase (default: the report).</summary>
    protected virtual BatchRunState<TTally, TPlan> AfterPages(TaskOrchestrationContext context, TInput input, BatchRunState<TTally, TPlan> state) =>
        state with { Phase = RunPhases.Reporting };

    /// <summary>One step of a phase of the feature's own (neither counting nor pages); none by default.</summary>
    protected virtual Task<BatchRunState<TTally, TPlan>> StepAsync(TaskOrchestrationContext context, TInput input, BatchRunState<TTally, TPlan> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        throw new InvalidOperationException($"Unknown {Steps.Title} phase '{state.Phase}'.");
    }

    /// <summary>
    /// Writes the report and completes the run record; its result is the orchestration's output. By default
    /// <see cref="BatchRunSteps.ReportActivity"/> on a <see cref="BatchReportInput{TTally}"/>.
    /// </summary>
    protected virtual Task<TOutput> ReportAsync(TaskOrchestrationContext context, TInput input, BatchRunState<TTally, TPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(state);
        return context.CallActivityAsync<TOutput>(
            Steps.ReportActivity,
            new BatchReportInput<TTally>(context.InstanceId, input.StartedBy, state.Definition, state.At, state.Done, state.Tally, state.FailedPartnerIds, Now(context)),
            BatchRun.Retry);
    }

    private async Task<BatchRunState<TTally, TPlan>> CountAsync(TaskOrchestrationContext context, BatchRunState<TTally, TPlan> state)
    {
        context.SetCustomStatus(RunCustomStatus.Of(state.Phase, state.Done, state.Total));
        var (total, next) = await BatchRun.CountNextAsync(context, Steps.Kind, state.Token, state.PartnersPerPage, state.Total);
        return state with { Total = total, Token = next, Phase = next is null ? Steps.FirstPagePhase : RunPhases.Counting };
    }

    private async Task<BatchRunState<TTally, TPlan>> NextPageAsync(TaskOrchestrationContext context, TInput input, BatchRunState<TTally, TPlan> state)
    {
        context.SetCustomStatus(RunCustomStatus.Of(state.Phase, state.Done, state.Total, PageDetail(state)));
        var page = await PageAsync(context, input, state);
        var next = state with
        {
            Token = page.NextToken,
            Done = state.Done + page.Processed,
            Total = Math.Max(state.Total, state.Done + page.Processed),
            PageIndex = state.PageIndex + 1,
            Tally = state.Tally.Plus(page.Tally),
            FailedPartnerIds = BatchRun.AppendFailures(state.FailedPartnerIds, page.FailedPartnerIds),
        };
        return page.NextToken is null ? AfterPages(context, input, next) : next;
    }
}

/// <summary>Log messages of the batch run skeleton.</summary>
internal static partial class BatchRunLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Run} {RunId} failed: {Error}")]
    public static partial void Failed(ILogger logger, string run, string runId, string error);
}
