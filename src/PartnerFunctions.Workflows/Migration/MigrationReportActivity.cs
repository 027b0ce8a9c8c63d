using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>Input of <see cref="MigrationReportActivity"/>.</summary>
public sealed record MigrationReportInput(
    string RunId,
    string StartedBy,
    DefinitionRef Definition,
    DateTimeOffset At,
    MigrationTotals Totals,
    IReadOnlyList<string> FailedPartnerIds,
    bool SendEmails);

/// <summary>What the report step tells the orchestration (what it needs for the reminder timers).</summary>
public sealed record MigrationReportResult(DateOnly EffectiveDate, IReadOnlyList<int> ReminderDays, IReadOnlyList<string> ReportNames, string Outcome);

/// <summary>summary.json of a migration.</summary>
/// <param name="MigratingShare">Share of partners holding at least one competency on the effective date (0..1).</param>
public sealed record MigrationReport(
    string RunId,
    string StartedBy,
    string DefinitionVersion,
    DateOnly EffectiveDate,
    DateTimeOffset PreparedAt,
    int Partners,
    IReadOnlyDictionary<string, int> PerLegacyTier,
    IReadOnlyDictionary<string, int> PerHeldTier,
    IReadOnlyDictionary<string, int> PerProposedTier,
    IReadOnlyDictionary<string, int> PerLegacySpecialization,
    int Keep,
    int Gain,
    int Lose,
    int Migrates,
    decimal MigratingShare,
    int WithRetiredSpecializations,
    bool EmailsRequested,
    int PreviewsSent,
    int PreviewFailures,
    IReadOnlyList<int> ReminderDays,
    int Failures,
    IReadOnlyList<string> FailedPartnerIds,
    IReadOnlyList<string> PreviewFiles)
{
    /// <summary>The parallel run's last day: the legacy status stays readable beside the new one until then (null in reports written before it existed).</summary>
    public DateOnly? LegacyReadableUntil { get; init; }
}

/// <summary>
/// Writes the migration report: migration.csv (one line per partner, merged from the pages) and summary.json (partners
/// per legacy tier, held tier, proposed tier and legacy specialization; keep/gain/lose; the share that migrates), plus
/// flows.json (legacy specialization to competency, the specializations that end, the partners who lose status) and
/// failed-notifications.csv for the previews. The per-partner previews stay in previews-NNNNN.jsonl. Records the
/// outcome and reports in the run record (the run goes on while reminders wait).
/// </summary>
public sealed class MigrationReportActivity(RunReports reports, ProgramDefinitionCache definitions, INotificationOutbox outbox, RunRecorder recorder)
    : TaskActivity<MigrationReportInput, MigrationReportResult>
{
    public const string SummaryFile = "summary.json";
    public const string CsvFile = "migration.csv";
    public const string FailedNotificationsFile = "failed-notifications.csv";
    public const string FlowsFile = "flows.json";

    public override async Task<MigrationReportResult> RunAsync(TaskActivityContext context, MigrationReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        const WorkflowRunKind kind = MigrationOrchestrator.Kind;
        var definition = await definitions.GetAsync(input.Definition);
        var t = input.Totals;

        var csv = new CsvBuilder().Line(MigrationPageActivity.CsvHeader);
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, MigrationPageActivity.CsvPart))
        {
            csv.Raw(part);
        }

        var previewFiles = (await reports.ListAsync(kind, input.RunId))
            .Select(f => RunReports.FileNameOf(f.Name))
            .Where(n => n.StartsWith(MigrationPageActivity.PreviewsPart + "-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var summary = new MigrationReport(
            input.RunId,
            input.StartedBy,
            definition.VersionTag,
            definition.EffectiveDate,
            input.At,
            t.Partners,
            Sorted(t.PerLegacyTier),
            Sorted(t.PerHeldTier),
            Sorted(t.PerProposedTier),
            Sorted(t.PerLegacySpecialization),
            t.Keep,
            t.Gain,
            t.Lose,
            t.Migrates,
            t.MigratingShare,
            t.WithRetiredSpecializations,
            input.SendEmails,
            t.PreviewsSent,
            t.PreviewFailures,
            definition.MigrationReminderDays,
            t.Failures,
            input.FailedPartnerIds,
            previewFiles)
        {
            LegacyReadableUntil = definition.LegacyReadableUntil,
        };

        var names = new List<string>
        {
            await reports.WriteJsonAsync(kind, input.RunId, SummaryFile, summary),
            await reports.WriteTextAsync(kind, input.RunId, CsvFile, RunReports.CsvContentType, csv.ToString()),
            await reports.WriteJsonAsync(kind, input.RunId, FlowsFile, await MergeFlowsAsync(input.RunId)),
            await WriteFailedNotificationsAsync(reports, outbox, input.RunId, input.Definition),
        };

        var outcome = string.Create(
            CultureInfo.InvariantCulture,
            $"{t.Partners} partners previewed for {definition.VersionTag} on {definition.EffectiveDate:yyyy-MM-dd}: {t.Keep} keep, {t.Gain} gain, {t.Lose} lose their tier; {t.Migrates} ({t.MigratingShare:P1}) hold a competency; {t.PreviewsSent} preview emails, {t.Failures} failures.");
        await recorder.ReportAsync(kind, input.RunId, outcome, names, t.Failures + t.PreviewFailures, input.SendEmails ? RunPhases.AwaitingReminder : RunPhases.Reporting);
        return new MigrationReportResult(definition.EffectiveDate, definition.MigrationReminderDays, names, outcome);
    }

    private async Task<MigrationFlows> MergeFlowsAsync(string runId)
    {
        var flows = MigrationFlows.Empty;
        foreach (var part in await reports.ReadPartsAsync(MigrationOrchestrator.Kind, runId, MigrationPageActivity.FlowsPart))
        {
            flows = flows.Plus(JsonSerializer.Deserialize<MigrationFlows>(part, RunReports.Json) ?? MigrationFlows.Empty);
        }

        return flows;
    }

    /// <summary>Writes failed-notifications.csv: previews and reminders of the definition version the outbox marks failed.</summary>
    public static async Task<string> WriteFailedNotificationsAsync(RunReports reports, INotificationOutbox outbox, string runId, DefinitionRef definition)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(outbox);
        var csv = new CsvBuilder().Line("instanceId", "step", "recipient", "template", "attempts", "error");
        foreach (var instance in new[] { MigrationEmails.PreviewInstance(definition), MigrationEmails.ReminderInstance(definition) })
        {
            foreach (var entry in (await outbox.ListByInstanceAsync(instance)).Where(e => e.State == NotificationState.Failed))
            {
                csv.Line(entry.Key.InstanceId, entry.Key.Step, entry.Key.Recipient, entry.Template, entry.Attempts, entry.LastError);
            }
        }

        return await reports.WriteTextAsync(MigrationOrchestrator.Kind, runId, FailedNotificationsFile, RunReports.CsvContentType, csv.ToString());
    }

    private static SortedDictionary<string, int> Sorted(IReadOnlyDictionary<string, int> counts) => new(counts.ToDictionary(), StringComparer.Ordinal);
}

/// <summary>Input of <see cref="MigrationCompleteActivity"/>.</summary>
public sealed record MigrationCompleteInput(
    string RunId,
    DefinitionRef Definition,
    DateOnly EffectiveDate,
    int Partners,
    MigrationTotals Totals,
    int RemindersSent,
    int ReminderFailures,
    IReadOnlyList<string> ReportNames,
    DateTimeOffset CompletedAt);

/// <summary>Completes a migration run: refreshes failed-notifications.csv (reminders included) and the run record.</summary>
public sealed class MigrationCompleteActivity(RunReports reports, INotificationOutbox outbox, RunRecorder recorder)
    : TaskActivity<MigrationCompleteInput, MigrationSummary>
{
    public override async Task<MigrationSummary> RunAsync(TaskActivityContext context, MigrationCompleteInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await MigrationReportActivity.WriteFailedNotificationsAsync(reports, outbox, input.RunId, input.Definition);
        var t = input.Totals;
        var failures = t.Failures + t.PreviewFailures + input.ReminderFailures;
        var outcome = string.Create(
            CultureInfo.InvariantCulture,
            $"{t.Partners} partners previewed for {input.Definition} on {input.EffectiveDate:yyyy-MM-dd}: {t.Keep} keep, {t.Gain} gain, {t.Lose} lose their tier; {t.Migrates} ({t.MigratingShare:P1}) hold a competency; {t.PreviewsSent} preview emails, {input.RemindersSent} reminders, {failures} failures.");
        await recorder.CompleteAsync(MigrationOrchestrator.Kind, input.RunId, input.Partners, outcome, input.ReportNames, failures, input.CompletedAt);
        return new MigrationSummary(
            input.RunId,
            input.Definition.ToString(),
            input.EffectiveDate,
            t.Partners,
            t.Keep,
            t.Gain,
            t.Lose,
            t.Migrates,
            t.MigratingShare,
            t.PreviewsSent,
            input.RemindersSent,
            t.PreviewFailures + input.ReminderFailures,
            t.Failures,
            input.ReportNames.Select(RunReports.FileNameOf).ToArray());
    }
}
