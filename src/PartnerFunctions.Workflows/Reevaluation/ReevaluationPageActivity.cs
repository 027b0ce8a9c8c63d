using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>
/// Re-evaluates one page of partners: tier evaluation through <see cref="PartnerTierService"/> (decision with receipt,
/// grace periods opened or ended by the tier change policy) for <see cref="WorkflowOptions.PartnersInFlight"/> partners
/// at a time, then the page's emails (tier changes and accreditation expiry reminders) as one notification wave
/// (few provider calls, outbox rows written 100 to a transaction). Writes the page's changed partners to
/// "changes-NNNNN.csv" and refused reminder emails to "reminder-failures-NNNNN.csv" in the run's report folder, and
/// moves the run's progress. Idempotent: decisions are keyed by run and partner, emails by the outbox; a page retried
/// after its decisions were stored queues the same emails again, and the outbox sends only those not sent.
/// </summary>
public sealed partial class ReevaluationPageActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    PartnerTierService tiers,
    INotificationService notifications,
    INotificationOutbox outbox,
    RunReports reports,
    RunRecorder recorder,
    IOptions<WorkflowOptions> options,
    ILogger<ReevaluationPageActivity> logger) : TaskActivity<BatchPageInput, BatchPageResult<ReevaluationCounts>>
{
    public const string ChangesPart = "changes";
    public const string ReminderFailuresPart = "reminder-failures";

    /// <summary>The page's customer reference claims (JSON lines), from which the report finds those claimed twice.</summary>
    public const string ReferenceClaimsPart = "reference-claims";

    /// <summary>The page's person claims (JSON lines: people with an email or a certificate id), from which the report finds those claimed twice.</summary>
    public const string PersonClaimsPart = "person-claims";

    public override async Task<BatchPageResult<ReevaluationCounts>> RunAsync(TaskActivityContext context, BatchPageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetAsync(input.Definition);
        var page = await partners.ReadPartnerPageAsync(input.ResumeToken, input.MaxPartners);
        var asOf = DateOnly.FromDateTime(input.At.UtcDateTime);
        var results = new PartnerResult[page.Partners.Count];

        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Partners.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.PartnersInFlight) },
            async (i, _) => results[i] = await EvaluateAsync(page.Partners[i], definition, input, asOf));

        // One wave for the page: a failure of the provider throws here, after the others were sent, and the engine
        // retries the page (decisions are then found stored, emails found sent).
        var emails = results.Where(r => r.Emails is not null).SelectMany(r => r.Emails!).Select(e => e.Notification).ToList();
        var wave = emails.Count == 0 ? new NotificationWaveResult(0, 0, 0, 0) : await notifications.SendWaveAsync(emails);

        var counts = new ReevaluationCounts();
        var changes = new CsvBuilder();
        var reminderFailures = new CsvBuilder();
        var failed = new List<string>();
        foreach (var result in results)
        {
            if (result.Failed)
            {
                failed.Add(result.PartnerId);
                counts = counts.Plus(new ReevaluationCounts(Failures: 1));
                continue;
            }

            counts = counts.Plus(result.Counts!);
            result.Change?.Invoke(changes);
            foreach (var email in result.Emails!)
            {
                var outcome = wave.Outcomes.TryGetValue(email.Key, out var known) ? known : NotificationOutcome.AlreadySent;
                if (email.IsReminder)
                {
                    counts = counts.Plus(new ReevaluationCounts(RemindersSent: outcome == NotificationOutcome.Sent ? 1 : 0, NotificationFailures: outcome == NotificationOutcome.FailedPermanently ? 1 : 0));
                    if (outcome == NotificationOutcome.FailedPermanently)
                    {
                        var entry = await outbox.GetAsync(email.Key);
                        reminderFailures.Line(email.Key.InstanceId, email.Key.Step, email.Key.Recipient, NotificationTemplates.AccreditationExpiryReminder, entry?.Attempts, entry?.LastError);
                    }
                }
                else
                {
                    var refused = outcome == NotificationOutcome.FailedPermanently;
                    counts = counts.Plus(new ReevaluationCounts(EmailsSent: refused ? 0 : 1, NotificationFailures: refused ? 1 : 0));
                }
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

        await WriteClaimsAsync(page, input);
        var done = input.DoneBefore + page.Partners.Count;
        await recorder.ProgressAsync(ReevaluationOrchestrator.Kind, input.RunId, done, Math.Max(input.Total, done), RunPhases.Evaluating);
        return new BatchPageResult<ReevaluationCounts>(page.Partners.Count, page.ResumeToken, counts, failed.Take(BatchRun.MaxListedFailures).ToArray());
    }

    /// <summary>The header of changes.csv (one line per partner whose tier, tier state or levels changed).</summary>
    public static readonly string[] ChangesHeader =
        ["partnerId", "partnerName", "change", "fromTier", "toTier", "pendingTier", "graceEndsOn", "levelsBefore", "levelsAfter"];

    private async Task<PartnerResult> EvaluateAsync(PartnerSnapshot snapshot, ProgramDefinition definition, BatchPageInput input, DateOnly asOf)
    {
        try
        {
            var before = snapshot.Profile.Status;

            // A page retried after a partial failure finds this run's decision already applied: the service reports it
            // from the stored decision (tier change kind), but the levels it had before are gone.
            var replay = string.Equals(before.LastDecisionId, $"{input.RunId}:{snapshot.PartnerId}", StringComparison.Ordinal);
            var tierEmails = new List<Notification>();
            var outcome = await tiers.EvaluateAsync(snapshot, definition, input.At, input.RunId, DecisionKind.Evaluation, tierEmails);
            var state = outcome.State;

            var counts = new ReevaluationCounts(
                Evaluated: 1,
                Upgraded: outcome.Change == TierChangeKind.Upgraded ? 1 : 0,
                Downgraded: outcome.Change == TierChangeKind.Downgraded ? 1 : 0,
                GraceStarted: outcome.Change == TierChangeKind.GracePeriodStarted ? 1 : 0,
                DowngradesCancelled: outcome.Change == TierChangeKind.DowngradeCancelled ? 1 : 0,
                StaffDecisionsRequested: outcome.Change == TierChangeKind.StaffDecisionRequested ? 1 : 0,
                LevelsChanged: outcome.LevelsChanged ? 1 : 0,
                DecisionsWritten: outcome.DecisionWritten || replay ? 1 : 0);

            var emails = tierEmails.Select(n => new PageEmail(n, KeyOf(n), IsReminder: false)).ToList();
            var partner = snapshot.Profile.Partner;
            foreach (var reminder in AccreditationReminders.Due(definition, snapshot.Evidence, asOf))
            {
                var notification = AccreditationReminders.ToNotification(partner, reminder, options.Value.PublicBaseUrl);
                emails.Add(new PageEmail(notification, KeyOf(notification), IsReminder: true));
            }

            Action<CsvBuilder>? change = null;
            var tierMoved = outcome.Change is not (TierChangeKind.Unchanged or TierChangeKind.GracePeriodContinues or TierChangeKind.StaffDecisionPending);
            if (tierMoved || outcome.LevelsChanged)
            {
                var levelsBefore = ReportFields.Levels(before.CompetencyLevels);
                change = csv => csv.Line(partner.Id, partner.Name, outcome.Change, outcome.From, outcome.To, state.PendingTier, state.GraceEndsOn, levelsBefore, ReportFields.Levels(outcome.Levels));
            }

            return new PartnerResult(snapshot.PartnerId, false, counts, emails, change);
        }
        catch (Exception ex) when (BatchRun.IsPartnerFailure(ex))
        {
            // One partner's failure must not stop the night: it is counted, listed in the report and evaluated
            // again tomorrow.
            LogPartnerFailed(logger, ex, snapshot.PartnerId, input.RunId);
            return new PartnerResult(snapshot.PartnerId, true, null, null, null);
        }
    }

    // Every reference that claims anything (not rejected), and every identified person, for the cross-partner duplicate search of the report.
    private async Task WriteClaimsAsync(PartnerPage page, BatchPageInput input)
    {
        var lines = new StringBuilder();
        foreach (var snapshot in page.Partners)
        {
            foreach (var reference in snapshot.Evidence.References.Where(r => r.State != ReferenceState.Rejected))
            {
                var claim = new ReferenceClaim(snapshot.PartnerId, snapshot.Profile.Partner.Name, reference.Id, reference.CompetencyId, reference.CustomerName, reference.State);
                lines.Append(JsonSerializer.Serialize(claim, RunReports.JsonLine)).Append('\n');
            }
        }

        if (lines.Length > 0)
        {
            await reports.WriteTextAsync(ReevaluationOrchestrator.Kind, input.RunId, RunReports.PartName(ReferenceClaimsPart, input.PageIndex, "jsonl"), RunReports.JsonLinesContentType, lines.ToString());
        }

        // Every person who still counts here and says who they are (an email or a certificate id).
        lines.Clear();
        foreach (var snapshot in page.Partners)
        {
            foreach (var person in snapshot.Evidence.People)
            {
                if (PersonClaim.Of(snapshot.PartnerId, snapshot.Profile.Partner.Name, person) is { } claim)
                {
                    lines.Append(JsonSerializer.Serialize(claim, RunReports.JsonLine)).Append('\n');
                }
            }
        }

        if (lines.Length > 0)
        {
            await reports.WriteTextAsync(ReevaluationOrchestrator.Kind, input.RunId, RunReports.PartName(PersonClaimsPart, input.PageIndex, "jsonl"), RunReports.JsonLinesContentType, lines.ToString());
        }
    }

    // The key the outbox (and the wave's outcomes) use: the recipient as the notification service normalises it.
    private static NotificationKey KeyOf(Notification notification) =>
        new(notification.InstanceId, notification.Step, notification.RecipientEmail.Trim().ToLowerInvariant());

    private sealed record PageEmail(Notification Notification, NotificationKey Key, bool IsReminder);

    /// <summary>One partner's part of the page: counts before emails, the emails to send, its changes.csv line.</summary>
    private sealed record PartnerResult(string PartnerId, bool Failed, ReevaluationCounts? Counts, List<PageEmail>? Emails, Action<CsvBuilder>? Change);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner {PartnerId} could not be re-evaluated in run {RunId}")]
    private static partial void LogPartnerFailed(ILogger logger, Exception exception, string partnerId, string runId);
}
