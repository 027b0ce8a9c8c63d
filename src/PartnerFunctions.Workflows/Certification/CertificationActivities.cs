using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// Step 1: the partner's accredited people, revenue and validated references for the competency, evaluated as of the
/// orchestration's clock, against each level's requirements; and the references of the competency's market that
/// await review. Reads only.
/// </summary>
public sealed class CheckCertificationEvidenceActivity(IPartnerRepository partners, ProgramDefinitionCache definitions)
    : TaskActivity<EvidenceCheckInput, EvidenceCheck>
{
    /// <inheritdoc />
    public override async Task<EvidenceCheck> RunAsync(TaskActivityContext context, EvidenceCheckInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetActiveAsync();
        var index = CertificationRules.IndexOf(definition, input.CompetencyId);
        var competency = definition.Competencies[index];
        var snapshot = await partners.GetSnapshotAsync(input.PartnerId)
            ?? throw new KeyNotFoundException($"Partner '{input.PartnerId}' does not exist.");
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, DateOnly.FromDateTime(input.AsOfUtc));
        var awaiting = snapshot.Evidence.References
            .Where(r => CertificationPrecheck.AwaitsReview(r, competency))
            .Select(r => r.Id)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return new EvidenceCheck(
            input.PartnerId,
            competency.Id,
            definition.VersionTag,
            evaluation.LevelOf(competency.Id),
            evaluation.ClausesFor(index, CompetencyLevel.Principal),
            evaluation.ClausesFor(index, CompetencyLevel.Expert),
            awaiting);
    }
}

/// <summary>
/// Step 2 (and the reminder and escalation): asks an approver to validate a reference. The first request moves the
/// reference to InReview (conditional write). Each call creates one approval request with a fresh token (made here,
/// stored as a hash, emailed in the link, never returned) through <see cref="ApprovalIssuer"/>, which makes a retried
/// call send nothing twice.
/// </summary>
public sealed partial class RequestReferenceApprovalActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    ApprovalIssuer issuer,
    IOptions<WorkflowOptions> options,
    ILogger<RequestReferenceApprovalActivity> logger)
    : TaskActivity<ReferenceApprovalInput, ReferenceApprovalIssued>
{
    /// <inheritdoc />
    public override async Task<ReferenceApprovalIssued> RunAsync(TaskActivityContext context, ReferenceApprovalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var notIssued = new ReferenceApprovalIssued(input.ReferenceId, false, input.ApprovalId, input.Purpose, ApprovalStatus.Pending, false);
        var reference = await MarkInReviewAsync(input);
        if (reference is null)
        {
            LogNotAwaitingReview(logger, input.PartnerId, input.ReferenceId);
            return notIssued;
        }

        var profile = await partners.GetProfileAsync(input.PartnerId)
            ?? throw new KeyNotFoundException($"Partner '{input.PartnerId}' does not exist.");
        var definition = await definitions.GetActiveAsync();
        var competency = definition.FindCompetency(input.CompetencyId);
        var competencyName = competency?.Name ?? input.CompetencyId;
        var partnerName = profile.Partner.Name;
        var customer = reference.Reference;
        var requestedAt = CertificationRules.Utc(input.RequestedAtUtc);
        var expiresAt = CertificationRules.Utc(input.ExpiresAtUtc);
        var payload = new ReferenceApprovalPayload(
            input.PartnerId,
            partnerName,
            input.CompetencyId,
            competencyName,
            input.ReferenceId,
            customer.CustomerName,
            customer.CustomerMarket,
            customer.Satisfaction,
            input.Purpose.ToString());
        var language = options.Value.StaffLanguage;
        var summary = CertificationRules.ReferenceSummary(input.ReferenceId, partnerName, input.PartnerId, competencyName, customer, language);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["expiresOn"] = ApprovalPayloads.FormatUtc(expiresAt),
        };
        string template;
        switch (input.Purpose)
        {
            case ApprovalPurpose.Request:
                template = NotificationTemplates.ReferenceApprovalRequest;
                values["partnerName"] = partnerName;
                values["competencyName"] = competencyName;
                values["customerName"] = customer.CustomerName;
                values["referenceSummary"] = summary;
                break;
            case ApprovalPurpose.Reminder:
                template = NotificationTemplates.ApprovalReminder;
                values["requestSummary"] = summary;
                values["requestedOn"] = ApprovalPayloads.FormatUtc(requestedAt);
                break;
            default:
                template = NotificationTemplates.ApprovalEscalation;
                values["requestSummary"] = summary;
                values["requestedOn"] = ApprovalPayloads.FormatUtc(requestedAt);
                values["firstApproverEmail"] = input.FirstApprover ?? string.Empty;
                break;
        }

        var issued = await issuer.IssueAsync(new ApprovalIssue(
            input.ApprovalId,
            ApprovalKinds.Reference,
            input.PartnerId,
            input.Approver,
            context.InstanceId,
            ApprovalPayloads.Serialize(payload),
            requestedAt,
            expiresAt,
            input.RunId,
            template,
            language,
            values,
            "approvalUrl"));
        return new ReferenceApprovalIssued(input.ReferenceId, true, issued.ApprovalId, input.Purpose, issued.Status, issued.EmailFailed);
    }

    // The reference awaiting review (moved from Submitted to InReview by the first request), or null when it was
    // decided or removed meanwhile.
    private async Task<StoredReference?> MarkInReviewAsync(ReferenceApprovalInput input)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await partners.GetReferenceAsync(input.PartnerId, input.ReferenceId);
            if (stored is null || stored.Reference.State is not (ReferenceState.Submitted or ReferenceState.InReview))
            {
                return null;
            }

            if (stored.Reference.State == ReferenceState.InReview || input.Purpose != ApprovalPurpose.Request)
            {
                return stored;
            }

            try
            {
                var change = new ReferenceStateChange(ReferenceState.InReview, CertificationRules.Utc(input.RequestedAtUtc), "system", "Sent to program staff for approval (certification " + input.RunId + ").");
                return await partners.ChangeReferenceStateAsync(input.PartnerId, input.ReferenceId, change, stored.ETag);
            }
            catch (ConcurrencyConflictException) when (attempt < CertificationRules.MaxConflictRetries)
            {
                // Changed since read (a document added, a concurrent try): read again and decide again.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference {ReferenceId} of {PartnerId} no longer awaits review: no approval request sent")]
    private static partial void LogNotAwaitingReview(ILogger logger, string partnerId, string referenceId);
}

/// <summary>
/// Step 3's outcome for one reference: the answer that stands (one already stored on a request row wins, so an answer
/// given just before the expiry is kept), recorded on its request row, the reference's other requests closed, and the
/// reference moved to Approved or Rejected (or back to Submitted when the requests expired), with its history. Every
/// write is conditional and skipped when already done, so a retry changes nothing more.
/// </summary>
public sealed partial class ApplyReferenceDecisionActivity(
    IApprovalRepository approvals,
    IPartnerRepository partners,
    ILogger<ApplyReferenceDecisionActivity> logger)
    : TaskActivity<ReferenceDecisionInput, ReferenceOutcome>
{
    /// <inheritdoc />
    public override async Task<ReferenceOutcome> RunAsync(TaskActivityContext context, ReferenceDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await DecideRequestsAsync(input);
                await MoveReferenceAsync(input, outcome);
                LogApplied(logger, input.PartnerId, input.ReferenceId, outcome.Outcome);
                return outcome;
            }
            catch (ConcurrencyConflictException) when (attempt < CertificationRules.MaxConflictRetries)
            {
                // A request or the reference changed under us (an approver answering now): decide again on fresh rows.
            }
        }
    }

    private async Task<ReferenceOutcome> DecideRequestsAsync(ReferenceDecisionInput input)
    {
        var at = CertificationRules.Utc(input.AtUtc);
        var ids = input.ApprovalIds.Concat(input.DecidedApprovalId is null ? [] : [input.DecidedApprovalId]).Distinct(StringComparer.Ordinal);
        var rows = new List<ApprovalRequest>();
        foreach (var id in ids)
        {
            if (await approvals.GetAsync(id) is { } row && string.Equals(row.Kind, ApprovalKinds.Reference, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        var answered = rows.Find(r => string.Equals(r.ApprovalId, input.DecidedApprovalId, StringComparison.Ordinal) && IsAnswer(r.Status))
            ?? rows.Find(r => IsAnswer(r.Status));
        ReferenceOutcome outcome;
        if (answered is not null)
        {
            outcome = new ReferenceOutcome(input.ReferenceId, answered.Status, answered.DecidedBy ?? input.DecidedBy, answered.ApprovalId);
        }
        else if (IsAnswer(input.Outcome) && rows.Find(r => string.Equals(r.ApprovalId, input.DecidedApprovalId, StringComparison.Ordinal)) is { Status: ApprovalStatus.Pending } pending)
        {
            // The answer arrived as an event before its row was decided: record it on the row.
            await approvals.DecideAsync(pending.ApprovalId, input.Outcome, input.DecidedBy, at, input.Comment, pending.ETag);
            outcome = new ReferenceOutcome(input.ReferenceId, input.Outcome, input.DecidedBy, pending.ApprovalId);
        }
        else
        {
            outcome = new ReferenceOutcome(input.ReferenceId, ApprovalStatus.Expired, null, null);
        }

        var note = outcome.Outcome == ApprovalStatus.Expired
            ? "Expired without an answer."
            : "Closed: the reference was decided through approval request " + outcome.ApprovalId + ".";
        foreach (var row in rows.Where(r => r.Status == ApprovalStatus.Pending && !string.Equals(r.ApprovalId, outcome.ApprovalId, StringComparison.Ordinal)))
        {
            try
            {
                await approvals.DecideAsync(row.ApprovalId, ApprovalStatus.Expired, "system", at, note, row.ETag);
            }
            catch (ConcurrencyConflictException) when (outcome.Outcome != ApprovalStatus.Expired)
            {
                // Answered through another link at the same moment: the answer already applied stands; that row
                // keeps what its approver said.
            }
        }

        return outcome;
    }

    private async Task MoveReferenceAsync(ReferenceDecisionInput input, ReferenceOutcome outcome)
    {
        var stored = await partners.GetReferenceAsync(input.PartnerId, input.ReferenceId);
        if (stored is null)
        {
            return;
        }

        var state = stored.Reference.State;
        ReferenceStateChange change;
        var at = CertificationRules.Utc(input.AtUtc);
        if (outcome.Outcome == ApprovalStatus.Expired)
        {
            // Unvalidated: back in the queue, so a later certification asks again.
            if (state != ReferenceState.InReview)
            {
                return;
            }

            change = new ReferenceStateChange(ReferenceState.Submitted, at, "system", "The approval requests expired without an answer; the reference stays unvalidated.");
        }
        else
        {
            var target = outcome.Outcome == ApprovalStatus.Approved ? ReferenceState.Approved : ReferenceState.Rejected;
            if (state == target)
            {
                return;
            }

            var comment = input.DecidedApprovalId == outcome.ApprovalId ? input.Comment : null;
            var note = $"{target} by program staff (approval request {outcome.ApprovalId})" + (string.IsNullOrWhiteSpace(comment) ? "." : ": " + comment);
            change = new ReferenceStateChange(target, at, outcome.DecidedBy ?? "program staff", note);
        }

        await partners.ChangeReferenceStateAsync(input.PartnerId, input.ReferenceId, change, stored.ETag);
    }

    private static bool IsAnswer(ApprovalStatus status) => status is ApprovalStatus.Approved or ApprovalStatus.Rejected;

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference {ReferenceId} of {PartnerId}: {Outcome}")]
    private static partial void LogApplied(ILogger logger, string partnerId, string referenceId, ApprovalStatus outcome);
}

/// <summary>
/// Step 4: evaluates the partner as of the orchestration's clock and records the result through
/// <see cref="PartnerTierService"/> (competency levels and tier recomputed, tier change policy applied, decision stored
/// with its receipt, partner emailed on a change); returns the level held in the competency and what it lacks.
/// </summary>
public sealed class GrantCompetencyLevelActivity(IPartnerRepository partners, ProgramDefinitionCache definitions, PartnerTierService tiers)
    : TaskActivity<GrantLevelInput, LevelGrant>
{
    /// <inheritdoc />
    public override async Task<LevelGrant> RunAsync(TaskActivityContext context, GrantLevelInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = await definitions.GetActiveAsync();
        var index = CertificationRules.IndexOf(definition, input.CompetencyId);
        var snapshot = await partners.GetSnapshotAsync(input.PartnerId)
            ?? throw new KeyNotFoundException($"Partner '{input.PartnerId}' does not exist.");
        var at = CertificationRules.Utc(input.AtUtc);
        var previous = snapshot.Profile.Status.CompetencyLevels.TryGetValue(input.CompetencyId, out var held) ? held : CompetencyLevel.None;
        var outcome = await tiers.EvaluateAsync(snapshot, definition, at, input.RunId, DecisionKind.Evaluation, null);

        // Same evidence, same day, same definition as the tier service used: the same levels.
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, DateOnly.FromDateTime(at.UtcDateTime));
        var level = evaluation.LevelOf(input.CompetencyId);
        var gaps = level == CompetencyLevel.None
            ? evaluation.ClausesFor(index, CompetencyLevel.Principal).Where(c => !c.Met).ToArray()
            : evaluation.GapsToNextLevel(index);
        return new LevelGrant(level, previous, outcome.To, outcome.Change, gaps, definition.VersionTag, outcome.DecisionWritten);
    }
}

/// <summary>Step 5: emails the partner the outcome (level granted or what is missing), once per run.</summary>
public sealed class SendCertificationOutcomeActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    INotificationService notifications,
    IOptions<WorkflowOptions> options)
    : TaskActivity<CertificationOutcomeInput, NotificationOutcome>
{
    /// <summary>The outbox step of the outcome email.</summary>
    public const string Step = "certification-outcome";

    /// <inheritdoc />
    public override async Task<NotificationOutcome> RunAsync(TaskActivityContext context, CertificationOutcomeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var profile = await partners.GetProfileAsync(input.PartnerId)
            ?? throw new KeyNotFoundException($"Partner '{input.PartnerId}' does not exist.");
        var definition = await definitions.GetActiveAsync();
        var partner = profile.Partner;
        var language = NotificationTemplateRenderer.ResolveLanguage(partner.Language);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["competencyName"] = definition.FindCompetency(input.CompetencyId)?.Name ?? input.CompetencyId,
            ["levelGranted"] = CertificationRules.LevelText(input.Grant.Level, language),
            ["summary"] = CertificationRules.Summary(input.Grant, input.References, definition.Currency, language),
            // The email links to the certification's page (a browser page, its timeline), not to the status API route.
            ["statusUrl"] = PartnerPageLinks.Certification(options.Value.PublicBaseUrl, input.PartnerId, input.CompetencyId),
        };
        return await notifications.SendAsync(new Notification(
            input.RunId,
            Step,
            partner.Email,
            partner.Name,
            NotificationTemplates.CertificationOutcome,
            partner.Language,
            values));
    }
}
