using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>The nightly's duplicates.json: references (<see cref="ReferenceDuplicates"/>) and people (<see cref="PersonDuplicates"/>) claimed by two partners or more.</summary>
public sealed record DuplicatesReport(IReadOnlyList<ReferenceDuplicate> References, IReadOnlyList<PersonDuplicate> People);

/// <summary>
/// Writes the nightly's report to the run's folder and completes the run record: summary.json (totals and the
/// definition version), changes.csv (one line per partner whose tier, tier state or levels changed, merged from the
/// pages' parts) and failed-notifications.csv (tier emails of this run the outbox marks failed, and refused expiry
/// reminders) and duplicates.json (customer references and people claimed by two partners or more, from the pages' claims).
/// Rewrites the same files when retried.
/// </summary>
public sealed class ReevaluationReportActivity(RunReports reports, INotificationOutbox outbox, RunRecorder recorder)
    : TaskActivity<BatchReportInput<ReevaluationCounts>, ReevaluationSummary>
{
    public const string SummaryFile = "summary.json";
    public const string ChangesFile = "changes.csv";
    public const string FailedNotificationsFile = "failed-notifications.csv";

    /// <summary>The customer references and the people claimed by two partners or more (<see cref="DuplicatesReport"/>).</summary>
    public const string DuplicatesFile = "duplicates.json";

    public static readonly string[] FailedNotificationsHeader = ["instanceId", "step", "recipient", "template", "attempts", "error"];

    public override async Task<ReevaluationSummary> RunAsync(TaskActivityContext context, BatchReportInput<ReevaluationCounts> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        const WorkflowRunKind kind = ReevaluationOrchestrator.Kind;

        var changes = new CsvBuilder().Line(ReevaluationPageActivity.ChangesHeader);
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, ReevaluationPageActivity.ChangesPart))
        {
            changes.Raw(part);
        }

        var failedNotifications = new CsvBuilder().Line(FailedNotificationsHeader);
        var failedCount = 0;
        foreach (var entry in (await outbox.ListByInstanceAsync(input.RunId)).Where(e => e.State == NotificationState.Failed))
        {
            failedNotifications.Line(entry.Key.InstanceId, entry.Key.Step, entry.Key.Recipient, entry.Template, entry.Attempts, entry.LastError);
            failedCount++;
        }

        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, ReevaluationPageActivity.ReminderFailuresPart))
        {
            failedNotifications.Raw(part);
            failedCount += part.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        var claims = new List<ReferenceClaim>();
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, ReevaluationPageActivity.ReferenceClaimsPart))
        {
            claims.AddRange(part.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<ReferenceClaim>(line, RunReports.JsonLine)!));
        }

        var duplicates = ReferenceDuplicates.Find(claims);
        claims.Clear();
        var people = new List<PersonClaim>();
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, ReevaluationPageActivity.PersonClaimsPart))
        {
            people.AddRange(part.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<PersonClaim>(line, RunReports.JsonLine)!));
        }

        var duplicatePeople = PersonDuplicates.Find(people);
        var names = new List<string>
        {
            await reports.WriteTextAsync(kind, input.RunId, ChangesFile, RunReports.CsvContentType, changes.ToString()),
            await reports.WriteTextAsync(kind, input.RunId, FailedNotificationsFile, RunReports.CsvContentType, failedNotifications.ToString()),
            await reports.WriteJsonAsync(kind, input.RunId, DuplicatesFile, new DuplicatesReport(duplicates, duplicatePeople)),
        };
        var summary = new ReevaluationSummary(
            input.RunId,
            input.Definition.ToString(),
            input.At,
            input.StartedBy,
            input.Partners,
            input.Tally,
            failedCount,
            input.FailedPartnerIds,
            [SummaryFile, ChangesFile, FailedNotificationsFile, DuplicatesFile])
        {
            DuplicateReferences = duplicates.Count,
            DuplicatePeople = duplicatePeople.Count,
        };
        names.Insert(0, await reports.WriteJsonAsync(kind, input.RunId, SummaryFile, summary));

        var c = input.Tally;
        var outcome = string.Create(
            CultureInfo.InvariantCulture,
            $"{c.Evaluated} evaluated under {input.Definition}: {c.Upgraded} upgraded, {c.Downgraded} downgraded, {c.GraceStarted} grace periods started, {c.DecisionsWritten} decisions, {c.EmailsSent} emails, {c.RemindersSent} expiry reminders, {failedCount} failed notifications, {c.Failures} failures.");
        await recorder.CompleteAsync(kind, input.RunId, input.Partners, outcome, names, c.Failures + failedCount, input.CompletedAt);
        return summary;
    }
}
