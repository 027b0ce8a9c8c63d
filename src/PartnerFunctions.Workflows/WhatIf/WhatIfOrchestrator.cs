using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
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
    : IRunTally<WhatIfTally>
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
/// <param name="State">Null at the start; the running state when the orchestration continues as new.</param>
public sealed record WhatIfInput(string StartedBy, BatchRunState<WhatIfTally, NoPlan>? State = null)
    : IBatchRunInput<WhatIfInput, WhatIfTally, NoPlan>
{
    public WhatIfInput WithState(BatchRunState<WhatIfTally, NoPlan> state) => this with { State = state };
}

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
/// What-if simulation (instance "whatif-..."), on the batch run skeleton: evaluates every partner under the active
/// definition (pinned at the start) and a candidate, as of the run's start, a page per activity, and writes a movement
/// report. It reads partners only: no decision, no status change, no email.
/// </summary>
public sealed class WhatIfOrchestrator() : BatchRunOrchestrator<WhatIfInput, WhatIfTally, NoPlan, WhatIfSummary>(WhatIfSteps)
{
    public const WorkflowRunKind Kind = WorkflowRunKind.WhatIf;

    private static readonly BatchRunSteps WhatIfSteps = new(Kind, "What-if", RunPhases.Evaluating, nameof(WhatIfPageActivity), nameof(WhatIfReportActivity));
}
