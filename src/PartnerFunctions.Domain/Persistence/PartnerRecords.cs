using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Domain.Persistence;

/// <summary>What the program currently holds for a partner: its tier state and the levels of its last evaluation.</summary>
/// <param name="TierState">The tier held and any downgrade under way.</param>
/// <param name="CompetencyLevels">Competency id to level held (competencies not listed are not held).</param>
/// <param name="LastEvaluatedOn">Day of the last evaluation; null before the first one.</param>
/// <param name="DefinitionVersion">"id@vN" of the definition the last evaluation used.</param>
/// <param name="LastDecisionId">Id of the last decision written with this state (makes decision replays detectable).</param>
public sealed record PartnerStatus(
    TierState TierState,
    IReadOnlyDictionary<string, CompetencyLevel> CompetencyLevels,
    DateOnly? LastEvaluatedOn,
    string? DefinitionVersion,
    string? LastDecisionId,
    TierOverride? Override = null)
{
    /// <summary>The status of a partner never evaluated under the new program: it holds its legacy tier.</summary>
    public static PartnerStatus Initial(Tier legacyTier) =>
        new(TierState.Holding(legacyTier), new Dictionary<string, CompetencyLevel>(StringComparer.Ordinal), null, null, null);
}

/// <summary>A partner's profile row: who it is and what it holds, with the row's concurrency token.</summary>
/// <param name="ETag">Opaque concurrency token of the stored profile; pass it back to write conditionally.</param>
public sealed record PartnerProfile(Partner Partner, PartnerStatus Status, string ETag);

/// <summary>Everything stored about one partner that batch work needs: profile, status and evidence.</summary>
public sealed record PartnerSnapshot(PartnerProfile Profile, PartnerEvidence Evidence)
{
    public string PartnerId => Profile.Partner.Id;
}

/// <summary>
/// A page of a whole-table partner scan. Every partner of the page is complete (all its rows), and every partner
/// appears in exactly one page of a scan.
/// </summary>
/// <param name="Partners">Complete partners, in partner id (key) order.</param>
/// <param name="ResumeToken">Opaque token that continues the scan after this page; null when the scan is complete.</param>
public sealed record PartnerPage(IReadOnlyList<PartnerSnapshot> Partners, string? ResumeToken);

/// <summary>A stretch of the partner scan counted without reading the partners.</summary>
/// <param name="ResumeToken">The scan token right after the partners counted (as a <see cref="PartnerPage"/>'s); null at the end.</param>
public sealed record PartnerCount(int Count, string? ResumeToken);

/// <summary>A revenue line with where it came from (a distributor file, a feed).</summary>
/// <param name="Source">Who reported the line, e.g. a distributor's id; part of the line's natural key.</param>
public sealed record RevenueEntry(RevenueLine Line, string Source);

/// <summary>One step of a customer reference's review.</summary>
public sealed record ReferenceStateChange(ReferenceState State, DateTimeOffset At, string By, string? Note);

/// <summary>A stored customer reference with its review history and evidence documents.</summary>
/// <param name="History">Every state the reference went through, oldest first.</param>
/// <param name="DocumentNames">Blob names of the evidence documents uploaded for it.</param>
/// <param name="ETag">Opaque concurrency token of the stored row.</param>
public sealed record StoredReference(
    string PartnerId,
    CustomerReference Reference,
    IReadOnlyList<ReferenceStateChange> History,
    IReadOnlyList<string> DocumentNames,
    string ETag);

/// <summary>Accreditations of one person, as a distributor file reports them (merged into the stored person).</summary>
/// <param name="EmployedFrom">First day employed, when known; a new person without it counts from its earliest completion.</param>
public sealed record PersonAccreditations(
    string PersonId,
    string PersonName,
    DateOnly? EmployedFrom,
    IReadOnlyList<Accreditation> Accreditations);

/// <summary>What a merge of accreditations changed.</summary>
public sealed record AccreditationMergeResult(int PeopleCreated, int PeopleUpdated, int PeopleUnchanged);

/// <summary>What caused a decision.</summary>
public enum DecisionKind
{
    /// <summary>An evaluation of the evidence (nightly run, certification workflow).</summary>
    Evaluation,

    /// <summary>The migration from the legacy program at rollout.</summary>
    Migration,

    /// <summary>Program staff decided on a requested downgrade.</summary>
    StaffDecision,

    /// <summary>Program staff overrode the tier, with a reason.</summary>
    Override,
}

/// <summary>A tier decision with its full receipt: what the program decided for a partner, when, under which rules and why.</summary>
/// <param name="DecisionId">Deterministic id (e.g. "{runId}:{partnerId}"), so that replaying the same decision is detected.</param>
/// <param name="At">When the decision was taken (UTC; from the workflow's clock, so a replay has the same value).</param>
/// <param name="Receipt">The evaluation behind the decision; null for decisions that are not evaluations.</param>
/// <param name="RunId">The workflow instance that took the decision, if any.</param>
/// <param name="DecidedBy">Who decided ("system" for automatic decisions, a staff email otherwise).</param>
/// <param name="Reason">The reason in English (the API's; kept as decided).</param>
/// <param name="Why">The reason as a code with its parameters, rendered in each reader's language; null on decisions stored before it.</param>
public sealed record TierDecision(
    string DecisionId,
    string PartnerId,
    DecisionKind Kind,
    DateTimeOffset At,
    string DefinitionVersion,
    Tier From,
    Tier To,
    TierChangeKind ChangeKind,
    string Reason,
    EvaluationReceipt? Receipt,
    string? RunId,
    string DecidedBy,
    TierReason? Why = null);

/// <summary>What writing a decision did.</summary>
public enum DecisionWriteOutcome
{
    /// <summary>The decision and the new status were written together.</summary>
    Applied,

    /// <summary>The same decision id had already been written: nothing changed (a replay).</summary>
    AlreadyApplied,
}

/// <summary>The result of writing a decision.</summary>
/// <param name="ProfileETag">The profile's concurrency token after the call.</param>
public sealed record DecisionWriteResult(DecisionWriteOutcome Outcome, string ProfileETag);

/// <summary>
/// A duplicate person resolved in favour of another partner: this partner's copy of the person no longer counts
/// (<see cref="Evidence.Person.DuplicateOf"/>). Kept apart from the person, so rewriting the person keeps it.
/// </summary>
/// <param name="DuplicateKey">The duplicate's key in the nightly's list.</param>
/// <param name="ResolvedBy">Who resolved it ("staff:{id}").</param>
public sealed record PersonExclusion(string PersonId, string KeeperPartnerId, string DuplicateKey, string ResolvedBy, DateTimeOffset ResolvedAt);
