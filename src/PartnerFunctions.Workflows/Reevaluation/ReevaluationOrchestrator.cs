using PartnerFunctions.Domain.Persistence;
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
    int Failures = 0) : IRunTally<ReevaluationCounts>
{
    public static ReevaluationCounts Empty { get; } = new();

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
public sealed record ReevaluationInput(DateOnly RunDate, string StartedBy, BatchRunState<ReevaluationCounts, NoPlan>? State = null)
    : IBatchRunInput<ReevaluationInput, ReevaluationCounts, NoPlan>
{
    public ReevaluationInput WithState(BatchRunState<ReevaluationCounts, NoPlan> state) => this with { State = state };
}

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
    IReadOnlyList<string> Reports)
{
    /// <summary>Customer references claimed by two partners or more tonight (listed in duplicates.json).</summary>
    public int DuplicateReferences { get; init; }

    /// <summary>People claimed by two partners or more over overlapping employment tonight (listed in duplicates.json).</summary>
    public int DuplicatePeople { get; init; }
}

/// <summary>
/// The nightly re-evaluation of every partner (singleton "reeval-yyyyMMdd"), on the batch run skeleton: it pins the
/// active definition and the evaluation instant, counts the partners, evaluates them a page per activity (decisions,
/// tier emails, grace periods, accreditation expiry reminders), then writes the run report.
/// </summary>
public sealed class ReevaluationOrchestrator() : BatchRunOrchestrator<ReevaluationInput, ReevaluationCounts, NoPlan, ReevaluationSummary>(NightlySteps)
{
    public const WorkflowRunKind Kind = WorkflowRunKind.Reevaluation;

    private static readonly BatchRunSteps NightlySteps = new(Kind, "Nightly re-evaluation", RunPhases.Evaluating, nameof(ReevaluationPageActivity), nameof(ReevaluationReportActivity));


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

    protected override DateTimeOffset StartInstant(ReevaluationInput input, DateTime startedUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        return EvaluationInstant(input.RunDate, startedUtc);
    }
}
