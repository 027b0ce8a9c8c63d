using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>Input of <see cref="ReevaluationPageActivity"/>.</summary>
/// <param name="ResumeToken">Where this page starts in the partner scan (null: the first page).</param>
/// <param name="DoneBefore">Partners done by earlier pages (for the run record's progress).</param>
public sealed record ReevaluationPageInput(
    string RunId,
    DefinitionRef Definition,
    DateTimeOffset At,
    string? ResumeToken,
    int MaxPartners,
    int PageIndex,
    int DoneBefore,
    int Total);

/// <summary>What a page did (counts and a few ids; the per-partner lines went to the page's part files).</summary>
/// <param name="NextToken">Where the next page starts; null after the last page.</param>
public sealed record ReevaluationPageResult(int Processed, string? NextToken, ReevaluationCounts Counts, IReadOnlyList<string> FailedPartnerIds);

/// <summary>
/// Re-evaluates one page of partners: tier evaluation through <see cref="PartnerTierService"/> (decision with receipt,
/// email on a change, grace periods opened or ended by the tier change policy) and accreditation expiry reminders.
/// Writes the page's changed partners to "changes-NNNNN.csv" and refused reminder emails to
/// "reminder-failures-NNNNN.csv" in the run's report folder, and moves the run's progress. Idempotent: decisions are
/// keyed by run and partner, emails by the outbox.
/// </summary>
public sealed partial class ReevaluationPageActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    PartnerTierService tiers,
    INotificationService notifications,
    INotificationOutbox outbox,
    RunReports reports,
    RunRecorder recorder,
    ILogger<ReevaluationPageActivity> logger) : TaskActivity<ReevaluationPageInput, ReevaluationPageResult>
{
    public const string ChangesPart = "changes";
    public const string ReminderFailuresPart = "reminder-failures";

    public override async Task<ReevaluationPageResult> RunAsync(TaskActivityContext context, ReevaluationPageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetAsync(input.Definition);
        var page = await partners.ReadPartnerPageAsync(input.ResumeToken, input.MaxPartners);
        var asOf = DateOnly.FromDateTime(input.At.UtcDateTime);
        var counts = new ReevaluationCounts();
        var changes = new CsvBuilder();
        var reminderFailures = new CsvBuilder();
        var failed = new List<string>();

        foreach (var snapshot in page.Partners)
        {
            try
            {
                counts = counts.Plus(await EvaluateAsync(snapshot, definition, input, asOf, changes));
                counts = counts.Plus(await RemindAsync(snapshot, definition, asOf, reminderFailures));
            }
            catch (Exception ex) when (BatchRun.IsPartnerFailure(ex))
            {
                // One partner's failure must not stop the night: it is counted, listed in the report and evaluated
                // again tomorrow.
                LogPartnerFailed(logger, ex, snapshot.PartnerId, input.RunId);
                counts = counts.Plus(new ReevaluationCounts(Failures: 1));
                failed.Add(snapshot.PartnerId);
            }
        }

        var changeLines = changes.ToString();
        if (changeLines.Length > 0)
        {
            await reports.WriteTextAsync(ReevaluationOrchestrator.Kind, input.RunId, RunReports.PartName(ChangesPart, input.PageIndex, "csv"), RunReports.CsvContentType, changeLines);
        }

        var failureLines = reminderFailures.ToString();
        if (failureLines.Length > 0)
        {
            await reports.WriteTextAsync(ReevaluationOrchestrator.Kind, input.RunId, RunReports.PartName(ReminderFailuresPart, input.PageIndex, "csv"), RunReports.CsvContentType, failureLines);
        }

        var done = input.DoneBefore + page.Partners.Count;
        await recorder.ProgressAsync(ReevaluationOrchestrator.Kind, input.RunId, done, Math.Max(input.Total, done), RunPhases.Evaluating);
        return new ReevaluationPageResult(page.Partners.Count, page.ResumeToken, counts, failed.Take(BatchRun.MaxListedFailures).ToArray());
    }

    /// <summary>The header of changes.csv (one line per partner whose tier, tier state or levels changed).</summary>
    public static readonly string[] ChangesHeader =
        ["partnerId", "partnerName", "change", "fromTier", "toTier", "pendingTier", "graceEndsOn", "levelsBefore", "levelsAfter"];

    private async Task<ReevaluationCounts> EvaluateAsync(PartnerSnapshot snapshot, ProgramDefinition definition, ReevaluationPageInput input, DateOnly asOf, CsvBuilder changes)
    {
        var before = snapshot.Profile.Status;

        // A page retried after a partial failure finds this run's decision already applied: the service reports it
        // from the stored decision (tier change kind), but the levels it had before are gone.
        var replay = string.Equals(before.LastDecisionId, $"{input.RunId}:{snapshot.PartnerId}", StringComparison.Ordinal);
        var outcome = await tiers.EvaluateAsync(snapshot, definition, input.At, input.RunId, DecisionKind.Evaluation);
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
        var levelsAfter = PartnerTierService.LevelsOf(evaluation);
        var state = replay ? before.TierState : TierChangePolicy.Apply(before.TierState, evaluation.Tier, asOf, definition.Downgrade).State;

        var counts = new ReevaluationCounts(
            Evaluated: 1,
            Upgraded: outcome.Change == TierChangeKind.Upgraded ? 1 : 0,
            Downgraded: outcome.Change == TierChangeKind.Downgraded ? 1 : 0,
            GraceStarted: outcome.Change == TierChangeKind.GracePeriodStarted ? 1 : 0,
            DowngradesCancelled: outcome.Change == TierChangeKind.DowngradeCancelled ? 1 : 0,
            StaffDecisionsRequested: outcome.Change == TierChangeKind.StaffDecisionRequested ? 1 : 0,
            LevelsChanged: outcome.LevelsChanged ? 1 : 0,
            DecisionsWritten: outcome.DecisionWritten || replay ? 1 : 0,
            EmailsSent: outcome.Notified ? 1 : 0,
            NotificationFailures: outcome.NotificationFailed ? 1 : 0);

        var tierMoved = outcome.Change is not (TierChangeKind.Unchanged or TierChangeKind.GracePeriodContinues or TierChangeKind.StaffDecisionPending);
        if (tierMoved || outcome.LevelsChanged)
        {
            var partner = snapshot.Profile.Partner;
            changes.Line(
                partner.Id,
                partner.Name,
                outcome.Change,
                outcome.From,
                outcome.To,
                state.PendingTier,
                state.GraceEndsOn,
                FormatLevels(before.CompetencyLevels),
                FormatLevels(levelsAfter));
        }

        return counts;
    }

    private async Task<ReevaluationCounts> RemindAsync(PartnerSnapshot snapshot, ProgramDefinition definition, DateOnly asOf, CsvBuilder failures)
    {
        var partner = snapshot.Profile.Partner;
        var sent = 0;
        var refused = 0;
        foreach (var reminder in AccreditationReminders.Due(definition, snapshot.Evidence, asOf))
        {
            var outcome = await notifications.SendAsync(AccreditationReminders.ToNotification(partner, reminder));
            if (outcome == NotificationOutcome.Sent)
            {
                sent++;
            }
            else if (outcome == NotificationOutcome.FailedPermanently)
            {
                refused++;
                var key = AccreditationReminders.KeyOf(partner, reminder);
                var entry = await outbox.GetAsync(key);
                failures.Line(key.InstanceId, key.Step, key.Recipient, NotificationTemplates.AccreditationExpiryReminder, entry?.Attempts, entry?.LastError);
            }
        }

        return new ReevaluationCounts(RemindersSent: sent, NotificationFailures: refused);
    }

    /// <summary>"id:Level;id:Level" in id order (empty when none is held).</summary>
    public static string FormatLevels(IReadOnlyDictionary<string, CompetencyLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return string.Join(';', levels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}:{l.Value}")));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner {PartnerId} could not be re-evaluated in run {RunId}")]
    private static partial void LogPartnerFailed(ILogger logger, Exception exception, string partnerId, string runId);
}
