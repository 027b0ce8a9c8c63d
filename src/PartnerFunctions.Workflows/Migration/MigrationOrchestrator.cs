using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
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

/// <summary>Input of the migration orchestration.</summary>
/// <param name="SendEmails">Send the preview emails and the reminders before the effective date.</param>
public sealed record MigrationInput(string StartedBy, bool SendEmails, MigrationState? State = null);

/// <summary>What a migration carries from one generation to the next.</summary>
/// <param name="RemindersLeft">Reminder offsets (days before the effective date) still to send, in sending order.</param>
public sealed record MigrationState(
    DefinitionRef Definition,
    DateTimeOffset At,
    int PartnersPerPage,
    string Phase,
    string? Token,
    int Total,
    int Done,
    int PageIndex,
    MigrationTotals Totals,
    IReadOnlyList<string> FailedPartnerIds,
    DateOnly? EffectiveDate,
    IReadOnlyList<int> RemindersLeft,
    int RemindersSent,
    int ReminderFailures,
    IReadOnlyList<string> ReportNames,
    string? Outcome);

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
/// The program-wide migration preview (staff-started, instance "migration-..."): pins the active definition, counts
/// the partners, previews each partner on the definition's effective date (MigrationMapper) a page per activity,
/// storing every preview (previews-NNNNN.jsonl) and sending the preview emails in waves when asked; writes the
/// migration report (migration.csv, summary.json); then sends reminder waves at the definition's reminder days
/// before the effective date on durable timers (see <see cref="MigrationReminderSchedule"/>).
/// </summary>
public sealed partial class MigrationOrchestrator : TaskOrchestrator<MigrationInput, MigrationSummary?>
{
    public const WorkflowRunKind Kind = WorkflowRunKind.Migration;

    public override async Task<MigrationSummary?> RunAsync(TaskOrchestrationContext context, MigrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<MigrationOrchestrator>();
        var runId = context.InstanceId;
        var state = input.State;
        try
        {
            if (state is null)
            {
                context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Starting, 0, 0));
                var at = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
                var begun = await context.CallActivityAsync<BeginRunResult>(nameof(BeginRunActivity), new BeginRunInput(Kind, runId, input.StartedBy, at), BatchRun.Retry);
                state = new MigrationState(begun.Definition, at, begun.PartnersPerPage, RunPhases.Counting, null, 0, 0, 0, MigrationTotals.Empty, [], null, [], 0, 0, [], null);
            }

            for (var activities = 0; state.Phase != RunPhases.Completed; activities++)
            {
                if (activities == BatchRun.ActivitiesPerGeneration)
                {
                    context.ContinueAsNew(input with { State = state });
                    return null;
                }

                state = state.Phase switch
                {
                    RunPhases.Counting => await CountAsync(context, state),
                    RunPhases.Previewing => await PreviewPageAsync(context, state, input.SendEmails),
                    RunPhases.Reporting => await ReportAsync(context, state, input),
                    RunPhases.AwaitingReminder => await AwaitReminderAsync(context, state),
                    RunPhases.Reminding => await RemindPageAsync(context, state),
                    _ => throw new InvalidOperationException($"Unknown migration phase '{state.Phase}'."),
                };
            }

            var done = await context.CallActivityAsync<MigrationSummary>(
                nameof(MigrationCompleteActivity),
                new MigrationCompleteInput(runId, state.Definition, state.EffectiveDate!.Value, state.Done, state.Totals, state.RemindersSent, state.ReminderFailures, state.ReportNames, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)),
                BatchRun.Retry);
            context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Completed, state.Done, state.Done));
            return done;
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

    private static async Task<MigrationState> CountAsync(TaskOrchestrationContext context, MigrationState state)
    {
        context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Counting, 0, state.Total));
        var (total, next) = await BatchRun.CountNextAsync(context, Kind, state.Token, state.PartnersPerPage, state.Total);
        return state with { Total = total, Token = next, Phase = next is null ? RunPhases.Previewing : RunPhases.Counting };
    }

    private static async Task<MigrationState> PreviewPageAsync(TaskOrchestrationContext context, MigrationState state, bool sendEmails)
    {
        context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Previewing, state.Done, state.Total));
        var page = await context.CallActivityAsync<MigrationPageResult>(
            nameof(MigrationPageActivity),
            new MigrationPageInput(context.InstanceId, state.Definition, sendEmails, state.Token, state.PartnersPerPage, state.PageIndex, state.Done, state.Total),
            BatchRun.Retry);
        return state with
        {
            Token = page.NextToken,
            Done = state.Done + page.Processed,
            Total = Math.Max(state.Total, state.Done + page.Processed),
            PageIndex = state.PageIndex + 1,
            Totals = state.Totals.Plus(page.Totals),
            FailedPartnerIds = BatchRun.AppendFailures(state.FailedPartnerIds, page.FailedPartnerIds),
            Phase = page.NextToken is null ? RunPhases.Reporting : RunPhases.Previewing,
        };
    }

    private static async Task<MigrationState> ReportAsync(TaskOrchestrationContext context, MigrationState state, MigrationInput input)
    {
        context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reporting, state.Done, state.Total));
        var report = await context.CallActivityAsync<MigrationReportResult>(
            nameof(MigrationReportActivity),
            new MigrationReportInput(context.InstanceId, input.StartedBy, state.Definition, state.At, state.Totals, state.FailedPartnerIds, input.SendEmails),
            BatchRun.Retry);
        var reminders = input.SendEmails
            ? MigrationReminderSchedule.Plan(report.ReminderDays, report.EffectiveDate, context.CurrentUtcDateTime)
            : [];
        return state with
        {
            EffectiveDate = report.EffectiveDate,
            ReportNames = report.ReportNames,
            Outcome = report.Outcome,
            RemindersLeft = reminders,
            Phase = reminders.Count > 0 ? RunPhases.AwaitingReminder : RunPhases.Completed,
        };
    }

    private static async Task<MigrationState> AwaitReminderAsync(TaskOrchestrationContext context, MigrationState state)
    {
        var offset = state.RemindersLeft[0];
        var due = MigrationReminderSchedule.DueAt(state.EffectiveDate!.Value, offset);
        if (due > context.CurrentUtcDateTime)
        {
            context.SetCustomStatus(RunCustomStatus.Of(
                RunPhases.AwaitingReminder,
                state.Done,
                state.Total,
                string.Create(CultureInfo.InvariantCulture, $"reminder {offset} days before {state.EffectiveDate:yyyy-MM-dd}, due {due:yyyy-MM-dd'T'HH:mm}Z")));
            await context.CreateTimer(due, CancellationToken.None);
        }

        return state with { Phase = RunPhases.Reminding, Token = null, Done = 0, PageIndex = 0 };
    }

    private static async Task<MigrationState> RemindPageAsync(TaskOrchestrationContext context, MigrationState state)
    {
        var offset = state.RemindersLeft[0];
        context.SetCustomStatus(RunCustomStatus.Of(RunPhases.Reminding, state.Done, state.Total, string.Create(CultureInfo.InvariantCulture, $"reminder {offset} days before")));
        var page = await context.CallActivityAsync<MigrationReminderPageResult>(
            nameof(MigrationReminderPageActivity),
            new MigrationReminderPageInput(context.InstanceId, state.Definition, offset, state.RemindersLeft.Count > 1, state.Token, state.PartnersPerPage, state.Done, state.Total),
            BatchRun.Retry);
        var finished = page.NextToken is null;
        var left = finished ? state.RemindersLeft.Skip(1).ToArray() : state.RemindersLeft;
        return state with
        {
            Token = page.NextToken,
            Done = finished ? state.Total : state.Done + page.Processed,
            Total = Math.Max(state.Total, state.Done + page.Processed),
            RemindersSent = state.RemindersSent + page.Sent,
            ReminderFailures = state.ReminderFailures + page.Failed,
            RemindersLeft = left,
            Phase = !finished ? RunPhases.Reminding : left.Count > 0 ? RunPhases.AwaitingReminder : RunPhases.Completed,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);
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
