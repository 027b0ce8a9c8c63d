using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>Approval timings of one certification, fixed at its start (from <c>WorkflowOptions</c>).</summary>
/// <param name="ReminderAfter">From the request: a reminder (with a fresh link) goes to the first approver.</param>
/// <param name="EscalationAfter">From the request: the second approver is asked too.</param>
/// <param name="ExpiresAfter">From the request: unanswered requests expire; their references stay unvalidated.</param>
public sealed record ApprovalTimings(TimeSpan ReminderAfter, TimeSpan EscalationAfter, TimeSpan ExpiresAfter);

/// <summary>Input of <see cref="CertificationOrchestrator"/>.</summary>
public sealed record CertificationInput(
    string PartnerId,
    string CompetencyId,
    string RequestedBy,
    ApprovalTimings Timings,
    string StaffApprover,
    string EscalationApprover);

/// <summary>The steps a certification goes through (its custom status names the current one).</summary>
public static class CertificationSteps
{
    public const string CheckingEvidence = "checking-evidence";
    public const string RequestingApprovals = "requesting-approvals";
    public const string AwaitingApprovals = "awaiting-approvals";
    public const string GrantingLevel = "granting-level";
    public const string NotifyingPartner = "notifying-partner";
    public const string Completed = "completed";
}

/// <summary>Why an approval request was sent.</summary>
public enum ApprovalPurpose
{
    /// <summary>The first request, to the staff approver.</summary>
    Request,

    /// <summary>The reminder to the staff approver (a new link; the first one keeps working).</summary>
    Reminder,

    /// <summary>The escalation to the second approver.</summary>
    Escalation,
}

/// <summary>An approval request the certification is waiting on.</summary>
public sealed record PendingApproval(string ApprovalId, string ReferenceId, ApprovalPurpose Purpose);

/// <summary>Custom status of a certification: the step, the approvals still awaited and the answers so far.</summary>
/// <param name="ApprovalsExpireAt">When unanswered approval requests expire (UTC); null before any was sent.</param>
public sealed record CertificationStatus(
    string Step,
    IReadOnlyList<PendingApproval> PendingApprovals,
    int ReferencesApproved,
    int ReferencesRejected,
    int ReferencesExpired,
    DateTime? ApprovalsExpireAt);

/// <summary>
/// External event "ReferenceDecision": program staff answered a reference approval request. Raised by the staff
/// decision endpoint (and the confirmation page) after the request row was decided; never carries the token.
/// </summary>
public sealed record ReferenceDecision(string ApprovalId, string ReferenceId, bool Approved, string DecidedBy, string? Comment)
{
    /// <summary>The name the event is raised under.</summary>
    public const string EventName = nameof(ReferenceDecision);
}

/// <summary>Input of <see cref="CheckCertificationEvidenceActivity"/>.</summary>
public sealed record EvidenceCheckInput(string PartnerId, string CompetencyId, DateTime AsOfUtc);

/// <summary>
/// The partner's standing in one competency before any approval: counts against each level's requirements, and the
/// references of the competency's market waiting for review (Submitted or InReview).
/// </summary>
/// <param name="LevelHeld">The level the evidence supports now (before pending references are decided).</param>
/// <param name="Principal">Principal's clauses checked (required, actual, met).</param>
/// <param name="Expert">Expert's clauses checked.</param>
public sealed record EvidenceCheck(
    string PartnerId,
    string CompetencyId,
    string DefinitionVersion,
    CompetencyLevel LevelHeld,
    IReadOnlyList<ClauseReceipt> Principal,
    IReadOnlyList<ClauseReceipt> Expert,
    IReadOnlyList<string> ReferencesAwaitingReview);

/// <summary>Input of <see cref="RequestReferenceApprovalActivity"/>.</summary>
/// <param name="RunId">The certification run (outbox key of the email).</param>
/// <param name="ApprovalId">Id chosen by the orchestrator (deterministic on replay).</param>
/// <param name="RequestedAtUtc">When the first request was sent (reminders and escalations show it).</param>
/// <param name="FirstApprover">For an escalation: who was asked first.</param>
public sealed record ReferenceApprovalInput(
    string RunId,
    string PartnerId,
    string CompetencyId,
    string ReferenceId,
    string ApprovalId,
    ApprovalPurpose Purpose,
    string Approver,
    string? FirstApprover,
    DateTime RequestedAtUtc,
    DateTime ExpiresAtUtc);

/// <summary>What <see cref="RequestReferenceApprovalActivity"/> did (never the token).</summary>
/// <param name="Issued">False when nothing was sent because the reference is no longer awaiting review.</param>
/// <param name="ApprovalId">The request's id (the input's, or a replacement "-rN" when an earlier try had to be replaced).</param>
/// <param name="Status">Pending normally; Approved/Rejected when the approver answered an earlier try already.</param>
public sealed record ReferenceApprovalIssued(
    string ReferenceId,
    bool Issued,
    string ApprovalId,
    ApprovalPurpose Purpose,
    ApprovalStatus Status,
    bool EmailFailed);

/// <summary>Input of <see cref="ApplyReferenceDecisionActivity"/>.</summary>
/// <param name="DecidedApprovalId">The request the answer came through; null when requests expired.</param>
/// <param name="ApprovalIds">Every request sent for this reference (request, reminder, escalation).</param>
/// <param name="Outcome">Approved or Rejected (an answer), or Expired (none came in time).</param>
public sealed record ReferenceDecisionInput(
    string RunId,
    string PartnerId,
    string ReferenceId,
    string? DecidedApprovalId,
    IReadOnlyList<string> ApprovalIds,
    ApprovalStatus Outcome,
    string DecidedBy,
    string? Comment,
    DateTime AtUtc);

/// <summary>The answer that stands for a reference (an answer stored before expiry wins over the expiry).</summary>
public sealed record ReferenceOutcome(string ReferenceId, ApprovalStatus Outcome, string? DecidedBy, string? ApprovalId);

/// <summary>Input of <see cref="GrantCompetencyLevelActivity"/>.</summary>
public sealed record GrantLevelInput(string RunId, string PartnerId, string CompetencyId, DateTime AtUtc);

/// <summary>The level the partner holds in the competency after the certification, with the tier decision.</summary>
/// <param name="Gaps">What is missing for the next level (for Principal when none is held; empty at Expert).</param>
/// <param name="DecisionWritten">True when a decision (with its receipt) was stored by this run.</param>
public sealed record LevelGrant(
    CompetencyLevel Level,
    CompetencyLevel PreviousLevel,
    Tier Tier,
    TierChangeKind TierChange,
    IReadOnlyList<ClauseReceipt> Gaps,
    string DefinitionVersion,
    bool DecisionWritten);

/// <summary>Input of <see cref="SendCertificationOutcomeActivity"/>.</summary>
public sealed record CertificationOutcomeInput(string RunId, string PartnerId, string CompetencyId, LevelGrant Grant, IReadOnlyList<ReferenceOutcome> References);

/// <summary>Output of <see cref="CertificationOrchestrator"/>.</summary>
/// <param name="RunId">Identifies this run of the (reusable) instance id: decisions and emails are keyed by it.</param>
/// <param name="LevelGranted">The level held after the certification (None when not granted).</param>
/// <param name="Gaps">What is missing for the next level.</param>
public sealed record CertificationOutput(
    string PartnerId,
    string CompetencyId,
    string RunId,
    CompetencyLevel LevelGranted,
    CompetencyLevel PreviousLevel,
    Tier Tier,
    TierChangeKind TierChange,
    IReadOnlyList<ClauseReceipt> Gaps,
    IReadOnlyList<ReferenceOutcome> References,
    string DefinitionVersion,
    bool PartnerNotified);
