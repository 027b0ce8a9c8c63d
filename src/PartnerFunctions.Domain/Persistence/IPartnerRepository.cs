using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// Partners with their evidence (people and accreditations, revenue lines, customer references) and decision
/// history. A partner's rows live together, so reading a partner is one query and a decision changes the partner's
/// status atomically.
/// </summary>
public interface IPartnerRepository
{
    /// <summary>The partner's profile and status, or null when the partner does not exist (one point read).</summary>
    Task<PartnerProfile?> GetProfileAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Profiles of many partners by id (point reads, a few in flight): partners that do not exist are absent from the
    /// result.
    /// </summary>
    Task<IReadOnlyDictionary<string, PartnerProfile>> GetProfilesAsync(IEnumerable<string> partnerIds, CancellationToken cancellationToken = default);

    /// <summary>The partner's profile and all its evidence (one partition query), or null when it does not exist.</summary>
    Task<PartnerSnapshot?> GetSnapshotAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates the partner or updates its details (name, contact, legacy data). The status (tier state, levels) is
    /// never touched here: a new partner starts from <see cref="PartnerStatus.Initial"/>. Returns true when this call
    /// created the partner: creation is an insert-if-absent, so of concurrent first writes exactly one gets true and
    /// the others update the partner it created.
    /// </summary>
    Task<bool> UpsertPartnerAsync(Partner partner, CancellationToken cancellationToken = default);

    /// <summary>Writes people (with their accreditations), replacing stored ones with the same id; batched.</summary>
    Task UpsertPeopleAsync(string partnerId, IEnumerable<Person> people, CancellationToken cancellationToken = default);

    /// <summary>Writes revenue lines, replacing stored ones with the same id; batched.</summary>
    Task UpsertRevenueAsync(string partnerId, IEnumerable<RevenueEntry> lines, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes references (details and current state) replacing stored ones with the same id, keeping their review
    /// history and documents; batched.
    /// </summary>
    Task UpsertReferencesAsync(string partnerId, IEnumerable<CustomerReference> references, CancellationToken cancellationToken = default);

    /// <summary>
    /// A partner submits a new reference or edits one under review, without ever touching its review state.
    /// With <paramref name="expectedETag"/> null the reference must not exist yet: it is created with
    /// <paramref name="submitted"/> as the first step of its history (its state). Otherwise the stored row must still
    /// have that token: the details are replaced and the stored state, history and documents kept. A lost race
    /// (someone reviewed or edited it meanwhile, or it was created twice) throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<StoredReference> SaveReferenceDetailsAsync(string partnerId, CustomerReference reference, ReferenceStateChange submitted, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a partner and all its evidence in as few transactions as possible (one per 100 rows): seeding, demo data,
    /// bulk loads. Revenue lines get <paramref name="revenueSource"/> as their source.
    /// </summary>
    Task UpsertEvidenceAsync(PartnerEvidence evidence, string revenueSource, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges accreditations into people: an accreditation is identified by competency and completion day, so merging
    /// the same data twice changes nothing. Conditional writes; re-read and retried on a lost race.
    /// </summary>
    Task<AccreditationMergeResult> MergeAccreditationsAsync(string partnerId, IReadOnlyList<PersonAccreditations> people, CancellationToken cancellationToken = default);

    /// <summary>A stored person (with <see cref="Person.DuplicateOf"/> when excluded), or null (two point reads).</summary>
    Task<Person?> GetPersonAsync(string partnerId, string personId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the partner's person no longer counts (a duplicate resolved for another partner): an insert, so the
    /// first exclusion stays; true when this call wrote it, false when the person was already excluded.
    /// </summary>
    Task<bool> ExcludePersonAsync(string partnerId, PersonExclusion exclusion, CancellationToken cancellationToken = default);

    /// <summary>A stored reference with its history, or null.</summary>
    Task<StoredReference?> GetReferenceAsync(string partnerId, string referenceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a reference to a new review state and appends it to the history, only if the stored row still has
    /// <paramref name="expectedETag"/>. Throws <see cref="ConcurrencyConflictException"/> when it changed.
    /// </summary>
    Task<StoredReference> ChangeReferenceStateAsync(string partnerId, string referenceId, ReferenceStateChange change, string expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Adds an evidence document's blob name to a reference (idempotent; retried on a lost race).</summary>
    Task<StoredReference> AddReferenceDocumentAsync(string partnerId, string referenceId, string documentName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a decision and the partner's new status in one transaction, only if the profile still has
    /// <paramref name="expectedProfileETag"/>. Replaying the same decision id returns
    /// <see cref="DecisionWriteOutcome.AlreadyApplied"/> and writes nothing; a profile changed by someone else throws
    /// <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<DecisionWriteResult> RecordDecisionAsync(TierDecision decision, PartnerStatus newStatus, string expectedProfileETag, CancellationToken cancellationToken = default);

    /// <summary>A partner's decisions, newest first, a page at a time.</summary>
    Task<PagedResult<TierDecision>> ListDecisionsAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one page of the whole-table partner scan: complete partners, in id order, starting where
    /// <paramref name="resumeToken"/> (from a previous page; null to start) left off. For an activity that processes
    /// "the next page of partners".
    /// </summary>
    Task<PartnerPage> ReadPartnerPageAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every partner (decision history excluded) in pages of at most <paramref name="partnersPerPage"/>
    /// complete partners, from <paramref name="resumeToken"/> (null to start). Each page carries the token that resumes
    /// the scan right after it.
    /// </summary>
    IAsyncEnumerable<PartnerPage> ScanPartnersAsync(string? resumeToken = null, int partnersPerPage = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts up to <paramref name="maxPartners"/> partners of the scan from <paramref name="resumeToken"/> on, reading
    /// only their keys (one row per partner), for a run's progress total.
    /// </summary>
    Task<PartnerCount> CountPartnersAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default);
}
