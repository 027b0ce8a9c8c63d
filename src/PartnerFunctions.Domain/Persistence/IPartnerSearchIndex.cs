namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// The partner search index: a small copy of each partner (name words, id, country, tier state, competency levels,
/// legacy specializations) kept for staff search and the dashboard's counts, so that neither reads the partners
/// themselves. Written with the partner (profile upserts and decisions); <see cref="RebuildAsync"/> repairs it.
/// </summary>
public interface IPartnerSearchIndex
{
    /// <summary>
    /// One page of the partners matching <paramref name="query"/>: by name (then id) without text, by the matched word
    /// (then id) with text. The page's continuation token (null on the last page) continues the same query. A query
    /// that <see cref="PartnerSearchQuery.Validate"/> refuses throws <see cref="ArgumentException"/> naming the field.
    /// </summary>
    Task<PagedResult<PartnerSearchHit>> SearchAsync(PartnerSearchQuery query, CancellationToken cancellationToken = default);

    /// <summary>Partners by tier and competencies held by level, counted over the index (not the partners).</summary>
    Task<PartnerIndexSummary> SummarizeAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-writes one partner's index entry from its stored profile (or removes it when the partner does not exist).</summary>
    Task IndexPartnerAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares every partner's profile with its index entry (two whole-table reads, in key order) and re-writes the
    /// entries that differ, removing entries of partners that do not exist. Idempotent: a second run writes nothing.
    /// </summary>
    Task<PartnerIndexRebuildResult> RebuildAsync(CancellationToken cancellationToken = default);
}
