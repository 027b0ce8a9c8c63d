using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>How many partners gain or lose a level in one competency under the candidate.</summary>
/// <param name="HoldersCurrent">Partners holding it (any level) under the active definition.</param>
/// <param name="HoldersCandidate">Partners holding it under the candidate.</param>
public sealed record CompetencyMovement(int Gaining = 0, int Losing = 0, int HoldersCurrent = 0, int HoldersCandidate = 0)
{
    public CompetencyMovement Plus(CompetencyMovement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Gaining + other.Gaining, Losing + other.Losing, HoldersCurrent + other.HoldersCurrent, HoldersCandidate + other.HoldersCandidate);
    }
}

/// <summary>The movement counts of a what-if (of a page, or summed over the run).</summary>
/// <param name="Matrix">Partners by current tier (row) and candidate tier (column), row-major over Registered..Platinum (16 cells).</param>
/// <param name="Competencies">Per competency id (of either definition).</param>
/// <param name="Movers">Partners whose tier or any competency level differs.</param>
public sealed record WhatIfTally(int Partners, IReadOnlyList<int> Matrix, IReadOnlyDictionary<string, CompetencyMovement> Competencies, int Movers, int Failures)
{
    public const int Tiers = 4;

    public static WhatIfTally Empty { get; } = new(0, new int[Tiers * Tiers], new Dictionary<string, CompetencyMovement>(StringComparer.Ordinal), 0, 0);

    /// <summary>Partners with that current and candidate tier.</summary>
    public int Cell(Tier current, Tier candidate) => Matrix[((int)current * Tiers) + (int)candidate];

    public WhatIfTally Plus(WhatIfTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var matrix = new int[Tiers * Tiers];
        for (var i = 0; i < matrix.Length; i++)
        {
            matrix[i] = Matrix[i] + other.Matrix[i];
        }

        var competencies = new Dictionary<string, CompetencyMovement>(Competencies, StringComparer.Ordinal);
        foreach (var (id, movement) in other.Competencies)
        {
            competencies[id] = competencies.TryGetValue(id, out var existing) ? existing.Plus(movement) : movement;
        }

        return new(Partners + other.Partners, matrix, competencies, Movers + other.Movers, Failures + other.Failures);
    }
}

/// <summary>Input of the what-if orchestration. The candidate definition is in the run's report folder.</summary>
public sealed record WhatIfInput(string StartedBy, WhatIfState? State = null);

/// <summary>What a what-if carries from one generation to the next.</summary>
public sealed record WhatIfState(
    DefinitionRef Active,
    DateTimeOffset At,
    int PartnersPerPage,
    string Phase,
    string? Token,
    int Total,
    int Done,
    int PageIndex,
    WhatIfTally Tally,
    IReadOnlyList<string> FailedPartnerIds);

/// <summary>What a what-if returns (and writes to summary.json, with the matrix and competencies in full).</summary>
public sealed record WhatIfSummary(
    string RunId,
    string ActiveDefinition,
    string CandidateDefinition,
    DateTimeOffset EvaluatedAt,
    int Partners,
    int Movers,
    int MovingUp,
    int MovingDown,
    int Failures,
    IReadOnlyList<string> Reports);

/// <summary>
/// What-if simulation (instance "whatif-..."): evaluates every partner under the active definition and a candidate
/// (as of the run's start) and writes a movement report. It reads partners only: no decision, no status change, no
/// email. Pages of partners, counted first, continued as new every <see cref="BatchRun.ActivitiesPerGeneration"/>
/// activities.
/// </summary>
public sealed partial class WhatIfOrchestrator : TaskOrchestrator<WhatIfInput, WhatIfSummary?>
{
    public const WorkflowRunKind Kind = WorkflowRunKind.WhatIf;

    public override async Task<WhatIfSummary?> RunAsync(TaskOrchestrationContext context, WhatIfInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<WhatIfOrchestrator>();
        var runId = context.InstanceId;
        var state = input.State;
        try
        {
            if (state is null)
            {
                context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Starting, 0, 0));
                var at = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
                var begun = await context.CallActivityAsync<BeginRunResult>(nameof(BeginRunActivity), new BeginRunInput(Kind, runId, input.StartedBy, at), BatchRun.Retry);
                state = new WhatIfState(begun.Definition, at, begun.PartnersPerPage, RunPhases.Counting, null, 0, 0, 0, WhatIfTally.Empty, []);
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

                var page = await context.CallActivityAsync<WhatIfPageResult>(
                    nameof(WhatIfPageActivity),
                    new WhatIfPageInput(runId, state.Active, state.At, state.Token, state.PartnersPerPage, state.PageIndex, state.Done, state.Total),
                    BatchRun.Retry);
                state = state with
                {
                    Token = page.NextToken,
                    Done = state.Done + page.Processed,
                    Total = Math.Max(state.Total, state.Done + page.Processed),
                    PageIndex = state.PageIndex + 1,
                    Tally = state.Tally.Plus(page.Tally),
                    FailedPartnerIds = BatchRun.AppendFailures(state.FailedPartnerIds, page.FailedPartnerIds),
                    Phase = page.NextToken is null ? RunPhases.Reporting : RunPhases.Evaluating,
                };
            }

            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reporting, state.Done, state.Total));
            var summary = await context.CallActivityAsync<WhatIfSummary>(
                nameof(WhatIfReportActivity),
                new WhatIfReportInput(runId, input.StartedBy, state.Active, state.At, state.Tally, state.FailedPartnerIds, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)),
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

    [LoggerMessage(Level = LogLevel.Error, Message = "What-if {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);
}
