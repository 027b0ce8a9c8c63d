using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>A claim of a duplicate as it stands now: its state re-read (a claim rejected since the night no longer counts).</summary>
public sealed record DuplicateClaimView(ReferenceClaim Claim, ReferenceState CurrentState);

/// <summary>A duplicate of the latest nightly, with its claims as they stand now; resolved once at most one claim still counts.</summary>
public sealed record DuplicateView(string Key, string CompetencyId, IReadOnlyList<DuplicateClaimView> Claims)
{
    public bool Resolved => Claims.Count(c => c.CurrentState != ReferenceState.Rejected) <= 1;
}

/// <summary>
/// The duplicates the latest nightly found (its run id), references and people; <see cref="People"/> was added after
/// the references, so a client reading only <see cref="Duplicates"/> sees what it saw before.
/// </summary>
/// <param name="Duplicates">The customer references claimed by two partners or more.</param>
/// <param name="People">The people claimed by two partners or more over overlapping employment.</param>
public sealed record DuplicateList(string? RunId, IReadOnlyList<DuplicateView> Duplicates, IReadOnlyList<PersonDuplicateView> People);

/// <summary>What resolving a duplicate did.</summary>
public enum DuplicateResolution
{
    Resolved,
    UnknownDuplicate,
    NotAClaimant,
}

/// <summary>
/// Customer references claimed by two partners or more, as the nightly lists them (its duplicates.json), and their
/// resolution by program staff: the partner chosen keeps the reference; the others' copies are rejected, with the reason
/// in their review history and the audit log. Until then each copy still counts, and is flagged here.
/// </summary>
public sealed class DuplicateReferences(LatestDuplicates latest, DuplicatePeople people, IPartnerRepository partners, TimeProvider clock)
{
    /// <summary>The latest nightly's list, each claim's state re-read.</summary>
    public async Task<DuplicateList> LatestAsync(CancellationToken cancellationToken)
    {
        var (runId, report) = await latest.ReadAsync(cancellationToken);
        if (runId is null)
        {
            return new DuplicateList(null, [], []);
        }

        return new DuplicateList(runId, await ViewsAsync(report.References, cancellationToken), await people.ViewsAsync(report.People, cancellationToken));
    }

    /// <summary>The partner <paramref name="keeperPartnerId"/> keeps the reference of <paramref name="key"/>; every other copy is rejected.</summary>
    public async Task<DuplicateResolution> ResolveAsync(string key, string keeperPartnerId, string staffId, CancellationToken cancellationToken)
    {
        var found = (await latest.ReadAsync(cancellationToken)).Report.References.Where(d => d.Key == key).Take(1);
        var views = await ViewsAsync(found, cancellationToken);
        var duplicate = views.Count == 0 ? null : views[0];
        if (duplicate is null)
        {
            return DuplicateResolution.UnknownDuplicate;
        }

        if (!duplicate.Claims.Any(c => c.Claim.PartnerId == keeperPartnerId))
        {
            return DuplicateResolution.NotAClaimant;
        }

        var now = clock.GetUtcNow();
        var rejected = new List<string>();
        foreach (var claim in duplicate.Claims.Where(c => c.Claim.PartnerId != keeperPartnerId && c.CurrentState != ReferenceState.Rejected).Select(c => c.Claim))
        {
            var change = new ReferenceStateChange(ReferenceState.Rejected, now, "staff:" + staffId, $"Duplicate: the same reference is kept by partner {keeperPartnerId}.");
            for (var attempt = 1; ; attempt++)
            {
                var stored = await partners.GetReferenceAsync(claim.PartnerId, claim.ReferenceId, cancellationToken);
                if (stored is null || stored.Reference.State == ReferenceState.Rejected)
                {
                    break;
                }

                try
                {
                    await partners.ChangeReferenceStateAsync(claim.PartnerId, claim.ReferenceId, change, stored.ETag, cancellationToken);
                    rejected.Add(claim.PartnerId + "/" + claim.ReferenceId);
                    break;
                }
                catch (ConcurrencyConflictException) when (attempt < 3)
                {
                    // Reviewed or edited meanwhile: read it again.
                }
            }
        }

        if (AuditScope.Current is { } audit)
        {
            audit.About(keeperPartnerId);
            audit.Change(
                "duplicate " + key,
                new { claims = duplicate.Claims.Select(c => new { c.Claim.PartnerId, c.Claim.ReferenceId, state = c.CurrentState }) },
                new { keptBy = keeperPartnerId, rejected });
        }

        return DuplicateResolution.Resolved;
    }

    // Each claim's state as it is now (a reference gone or rejected since the night no longer counts).
    private async Task<IReadOnlyList<DuplicateView>> ViewsAsync(IEnumerable<ReferenceDuplicate> found, CancellationToken cancellationToken)
    {
        var views = new List<DuplicateView>();
        foreach (var duplicate in found)
        {
            var claims = new List<DuplicateClaimView>(duplicate.Claims.Count);
            foreach (var claim in duplicate.Claims)
            {
                var stored = await partners.GetReferenceAsync(claim.PartnerId, claim.ReferenceId, cancellationToken);
                claims.Add(new DuplicateClaimView(claim, stored?.Reference.State ?? ReferenceState.Rejected));
            }

            views.Add(new DuplicateView(duplicate.Key, duplicate.CompetencyId, claims));
        }

        return views;
    }
}
