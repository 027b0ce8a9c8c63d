using System.Globalization;
using Microsoft.DurableTask;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>Migration counts (of a page, or summed over the run). Dictionaries are keyed by tier or specialization id.</summary>
/// <param name="PerHeldTier">Partners by the tier the program holds for them today (legacy tier until first evaluated).</param>
/// <param name="Migrates">Partners holding at least one competency on the effective date.</param>
public sealed record MigrationTotals(
    int Partners,
    IReadOnlyDictionary<string, int> PerLegacyTier,
    IReadOnlyDictionary<string, int> PerHeldTier,
    IReadOnlyDictionary<string, int> PerProposedTier,
    IReadOnlyDictionary<string, int> PerLegacySpecialization,
    int Keep,
    int Gain,
    int Lose,
    int Migrates,
    int WithRetiredSpecializations,
    int PreviewsSent,
    int PreviewFailures,
    int Failures)
{
    public static MigrationTotals Empty { get; } = new(0, Dict(), Dict(), Dict(), Dict(), 0, 0, 0, 0, 0, 0, 0, 0);

    public MigrationTotals Plus(MigrationTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            Partners + other.Partners,
            Merge(PerLegacyTier, other.PerLegacyTier),
            Merge(PerHeldTier, other.PerHeldTier),
            Merge(PerProposedTier, other.PerProposedTier),
            Merge(PerLegacySpecialization, other.PerLegacySpecialization),
            Keep + other.Keep,
            Gain + other.Gain,
            Lose + other.Lose,
            Migrates + other.Migrates,
            WithRetiredSpecializations + other.WithRetiredSpecializations,
            PreviewsSent + other.PreviewsSent,
            PreviewFailures + other.PreviewFailures,
            Failures + other.Failures);
    }

    /// <summary>The share of partners that migrate (hold at least one competency on the effective date), 0..1.</summary>
    public decimal MigratingShare => Partners == 0 ? 0m : decimal.Round((decimal)Migrates / Partners, 4);

    private static Dictionary<string, int> Dict() => new(StringComparer.Ordinal);

    private static Dictionary<string, int> Merge(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        var merged = new Dictionary<string, int>(a, StringComparer.Ordinal);
        foreach (var (key, count) in b)
        {
            merged[key] = merged.GetValueOrDefault(key) + count;
        }

        return merged;
    }
}

/// <summary>What a migration adds up: its previews, then its reminder waves.</summary>
public sealed record MigrationTally(MigrationTotals Previews, int RemindersSent = 0, int ReminderFailures = 0) : IRunTally<MigrationTally>
{
    public static MigrationTally Empty { get; } = new(MigrationTotals.Empty);

    public MigrationTally Plus(MigrationTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Previews.Plus(other.Previews), RemindersSent + other.RemindersSent, ReminderFailures + other.ReminderFailures);
    }
}

/// <summary>What the report of the previews decides for the reminder phases.</summary>
/// <param name="RemindersLeft">Reminder offsets (days before the effective date) still to send, in sending order.</param>
public sealed record MigrationPlan(DateOnly EffectiveDate, IReadOnlyList<int> RemindersLeft, IReadOnlyList<string> ReportNames);

/// <summary>Input of the migration orchestration.</summary>
/// <param name="SendEmails">Send the preview emails and the reminders before the effective date.</param>
/// <param name="State">Null at the start; the running state when the orchestration continues as new.</param>
public sealed record MigrationInput(string StartedBy, bool SendEmails, BatchRunState<MigrationTally, MigrationPlan>? State = null)
    : IBatchRunInput<MigrationInput, MigrationTally, MigrationPlan>
{
    public MigrationInput WithState(BatchRunState<MigrationTally, MigrationPlan> state) => this with { State = state };
}

/// <summary>What a migration returns.</summary>
public sealed record MigrationSummary(
    string RunId,
    string DefinitionVersion,
    DateOnly EffectiveDate,
    int Partners,
    int Keep,
    int Gain,
    int Lose,
    int Migrates,
    decimal MigratingShare,
    int PreviewsSent,
    int RemindersSent,
    int NotificationFailures,
    int Failures,
    IReadOnlyList<string> Reports);

/// <summary>
/// The program-wide migration preview (staff-started, instance "migration-..."), on the batch run skeleton: pins the
/// active definition, counts the partners, previews each partner on the definition's effective date (MigrationMapper)
/// a page per activity, storing every preview (previews-NNNNN.jsonl) and sending the preview emails in waves when
/// asked; writes the migration report (migration.csv, summary.json); then, for each reminder day of the definition
/// before the effective date, waits on a durable timer (see <see cref="MigrationReminderSchedule"/>) and runs a
/// reminder page phase; finally completes the run record.
/// </summary>
public sealed class MigrationOrchestrator() : BatchRunOrchestrator<MigrationInput, MigrationTally, MigrationPlan, MigrationSummary>(MigrationSteps)
{
    public const WorkflowRunKind Kind = WorkflowRunKind.Migration;

    private static readonly BatchRunSteps MigrationSteps = new(Kind, "Migration", RunPhases.Previewing, nameof(MigrationPageActivity), nameof(MigrationCompleteActivity));

    /// <summary>The step (not a page phase) that writes the previews' report and plans the reminders.</summary>
    public const string ReportingPreviews = "reporting-previews";


    protected override bool IsPagePhase(string phase) => phase is RunPhases.Previewing or RunPhases.Reminding;

    protected override Task<IBatchPage<MigrationTally>> PageAsync(TaskOrchestrationContext context, MigrationInput input, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase == RunPhases.Previewing
            ? CallPageAsync<MigrationPageResult>(
                context,
                Steps.PageActivity,
                new MigrationPageInput(context.InstanceId, state.Definition, input.SendEmails, state.Token, state.PartnersPerPage, state.PageIndex, state.Done, state.Total))
            : CallPageAsync<MigrationReminderPageResult>(
                context,
                nameof(MigrationReminderPageActivity),
                new MigrationReminderPageInput(context.InstanceId, state.Definition, state.Plan!.RemindersLeft[0], state.Plan.RemindersLeft.Count > 1, state.Token, state.PartnersPerPage, state.Done, state.Total));
    }

    protected override string? PageDetail(BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase == RunPhases.Reminding
            ? string.Create(CultureInfo.InvariantCulture, $"reminder {state.Plan!.RemindersLeft[0]} days before")
            : null;
    }

    protected override BatchRunState<MigrationTally, MigrationPlan> AfterPages(TaskOrchestrationContext context, MigrationInput input, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Phase == RunPhases.Previewing)
        {
            return state with { Phase = ReportingPreviews };
        }

        var plan = state.Plan! with { RemindersLeft = state.Plan.RemindersLeft.Skip(1).ToArray() };
        return state with { Done = state.Total, Plan = plan, Phase = NextReminderPhase(plan) };
    }

    protected override Task<BatchRunState<MigrationTally, MigrationPlan>> StepAsync(TaskOrchestrationContext context, MigrationInput input, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Phase switch
        {
            ReportingPreviews => ReportPreviewsAsync(context, input, state),
            RunPhases.AwaitingReminder => AwaitReminderAsync(context, state),
            _ => base.StepAsync(context, input, state),
        };
    }

    protected override Task<MigrationSummary> ReportAsync(TaskOrchestrationContext context, MigrationInput input, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var plan = state.Plan!;
        return context.CallActivityAsync<MigrationSummary>(
            Steps.ReportActivity,
            new MigrationCompleteInput(context.InstanceId, state.Definition, plan.EffectiveDate, state.Done, state.Tally.Previews, state.Tally.RemindersSent, state.Tally.ReminderFailures, plan.ReportNames, Now(context)),
            BatchRun.Retry);
    }

    private static string NextReminderPhase(MigrationPlan plan) =>
        plan.RemindersLeft.Count > 0 ? RunPhases.AwaitingReminder : RunPhases.Reporting;

    private static async Task<BatchRunState<MigrationTally, MigrationPlan>> ReportPreviewsAsync(TaskOrchestrationContext context, MigrationInput input, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reporting, state.Done, state.Total));
        var report = await context.CallActivityAsync<MigrationReportResult>(
            nameof(MigrationReportActivity),
            new MigrationReportInput(context.InstanceId, input.StartedBy, state.Definition, state.At, state.Tally.Previews, state.FailedPartnerIds, input.SendEmails),
            BatchRun.Retry);
        var reminders = input.SendEmails
            ? MigrationReminderSchedule.Plan(report.ReminderDays, report.EffectiveDate, context.CurrentUtcDateTime)
            : [];
        var plan = new MigrationPlan(report.EffectiveDate, reminders, report.ReportNames);
        return state with { Plan = plan, Phase = NextReminderPhase(plan) };
    }

    private static async Task<BatchRunState<MigrationTally, MigrationPlan>> AwaitReminderAsync(TaskOrchestrationContext context, BatchRunState<MigrationTally, MigrationPlan> state)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = state.Plan!;
        var offset = plan.RemindersLeft[0];
        var due = MigrationReminderSchedule.DueAt(plan.EffectiveDate, offset);
        if (due > context.CurrentUtcDateTime)
        {
            context.SetCustomStatus(RunCustomStatus.Of(
                RunPhases.AwaitingReminder,
                state.Done,
                state.Total,
                string.Create(CultureInfo.InvariantCulture, $"reminder {offset} days before {plan.EffectiveDate:yyyy-MM-dd}, due {due:yyyy-MM-dd'T'HH:mm}Z")));
            await context.CreateTimer(due, CancellationToken.None);
        }

        return state with { Phase = RunPhases.Reminding, Token = null, Done = 0, PageIndex = 0 };
    }
}

/// <summary>
/// When the migration reminders go out: at <see cref="TimeOfDay"/> UTC, N days before the effective date for each
/// reminder day N of the definition. A reminder whose time has already passed when the previews are done goes out at
/// once; when several have passed, only the latest of them does (the earlier ones say the same thing with a longer
/// delay, and would arrive together). None goes out once the effective date has come.
/// </summary>
public static class MigrationReminderSchedule
{
    /// <summary>08:00 UTC: working hours in Europe.</summary>
    public static readonly TimeSpan TimeOfDay = TimeSpan.FromHours(8);

    /// <summary>The instant a reminder is due.</summary>
    public static DateTime DueAt(DateOnly effectiveDate, int daysBefore) =>
        effectiveDate.AddDays(-daysBefore).ToDateTime(TimeOnly.FromTimeSpan(TimeOfDay), DateTimeKind.Utc);

    /// <summary>The reminder offsets to send, in sending order, seen from <paramref name="nowUtc"/>.</summary>
    public static IReadOnlyList<int> Plan(IReadOnlyList<int> reminderDays, DateOnly effectiveDate, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(reminderDays);
        if (DateOnly.FromDateTime(nowUtc) >= effectiveDate)
        {
            return [];
        }

        var offsets = reminderDays.Where(d => d > 0).Distinct().OrderDescending().ToArray();
        var past = offsets.Where(o => DueAt(effectiveDate, o) <= nowUtc).ToArray();
        var future = offsets.Where(o => DueAt(effectiveDate, o) > nowUtc);
        return (past.Length > 0 ? [past[^1]] : Array.Empty<int>()).Concat(future).ToArray();
    }
}
