using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// The partner search index written with the partner (docs/data-model.md, <c>partnersearch</c>): after a profile
/// write and after a decision. An index write that fails after the partner write throws to the caller, whose retry
/// (an HTTP retry, the engine's activity retry: a replayed decision re-indexes) or a rebuild re-writes it.
/// </summary>
public sealed partial class TablePartnerRepository
{
    private PartnerProfile Remember(PartnerProfile profile)
    {
        _index.Remember(profile);
        return profile;
    }

    // Re-reads the stored profile: details and status as they are now, whatever this call wrote.
    private async Task ReindexAsync(string partnerId, CancellationToken cancellationToken) =>
        await _index.ReindexAsync(partnerId, await GetProfileAsync(partnerId, cancellationToken), cancellationToken);

    // The decision was written If-Match the profile token the caller read: the details under that token (remembered
    // from the caller's read in this process) are the partner's details now, so no read is needed. Otherwise read it.
    private async Task IndexDecisionAsync(string partnerId, string expectedProfileETag, string newProfileETag, PartnerStatus status, CancellationToken cancellationToken)
    {
        if (_index.Recall(partnerId, expectedProfileETag) is not { } before)
        {
            await ReindexAsync(partnerId, cancellationToken);
            return;
        }

        // Nothing the index shows changed (e.g. only the definition version or the evaluation day): no write.
        if (!PartnerSearchRows.SameIndexedStatus(before.Status, status))
        {
            await _index.WriteAsync(before.Partner, status, null, cancellationToken);
        }

        if (newProfileETag.Length > 0)
        {
            _index.Remember(new PartnerProfile(before.Partner, status, newProfileETag));
        }
    }
}
