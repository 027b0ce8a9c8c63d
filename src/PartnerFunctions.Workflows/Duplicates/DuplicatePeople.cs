using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>A person claim of a duplicate as it stands now: whether it still counts (the person is there and not given to another partner).</summary>
/// <param name="DuplicateOf">The partner the person was given to, when a resolution excluded this copy.</param>
public sealed record PersonClaimView(PersonClaim Claim, bool Counts, string? DuplicateOf);

/// <summary>A person duplicate of the latest nightly, its claims as they stand now; resolved once at most one partner still counts the person.</summary>
public sealed record PersonDuplicateView(string Key, IReadOnlyList<string> MatchedOn, IReadOnlyList<PersonClaimView> Claims)
{
    public bool Resolved => Claims.Where(c => c.Counts).Select(c => c.Claim.PartnerId).Distinct(StringComparer.Ordinal).Count() <= 1;
}

/// <summary>
/// People claimed by two partners or more over overlapping employment, as the nightly lists them, and their resolution
/// by program staff: the partner chosen keeps the person; every other partner's copy is excluded (an exclusion row
/// beside the person, <see cref="Person.DuplicateOf"/>): it stays listed, but its accreditations count for that
/// partner no more, from the next evaluation on. No employment date is changed. Until then each copy counts, flagged.
/// </summary>
public sealed class DuplicatePeople(LatestDuplicates latest, IPartnerRepository partners, TimeProvider clock)
{
    /// <summary>Each duplicate with its claims re-read.</summary>
    public async Task<IReadOnlyList<PersonDuplicateView>> ViewsAsync(IEnumerable<PersonDuplicate> found, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        var views = new List<PersonDuplicateView>();
        foreach (var duplicate in found)
        {
            var claims = new List<PersonClaimView>(duplicate.Claims.Count);
            foreach (var claim in duplicate.Claims)
            {
                var stored = await partners.GetPersonAsync(claim.PartnerId, claim.PersonId, cancellationToken);
                claims.Add(new PersonClaimView(claim, stored is { Counts: true }, stored?.DuplicateOf));
            }

            views.Add(new PersonDuplicateView(duplicate.Key, duplicate.MatchedOn, claims));
        }

        return views;
    }

    /// <summary>
    /// The partner <paramref name="keeperPartnerId"/> keeps the person of <paramref name="key"/>; every other partner's
    /// copy that still counts is excluded. The keeper must still count the person. Audited: the keeper's line, and one
    /// line in each other partner's log.
    /// </summary>
    public async Task<DuplicateResolution> ResolveAsync(string key, string keeperPartnerId, string staffId, CancellationToken cancellationToken)
    {
        var found = (await latest.ReadAsync(cancellationToken)).Report.People.Where(d => d.Key == key).Take(1);
        var views = await ViewsAsync(found, cancellationToken);
        var duplicate = views.Count == 0 ? null : views[0];
        if (duplicate is null)
        {
            return DuplicateResolution.UnknownDuplicate;
        }

        if (!duplicate.Claims.Any(c => c.Counts && c.Claim.PartnerId == keeperPartnerId))
        {
            return DuplicateResolution.NotAClaimant;
        }

        var now = clock.GetUtcNow();
        var excluded = new List<PersonClaim>();
        foreach (var claim in duplicate.Claims.Where(c => c.Counts && c.Claim.PartnerId != keeperPartnerId).Select(c => c.Claim))
        {
            if (await partners.ExcludePersonAsync(claim.PartnerId, new PersonExclusion(claim.PersonId, keeperPartnerId, key, "staff:" + staffId, now), cancellationToken))
            {
                excluded.Add(claim);
            }
        }

        if (AuditScope.Current is { } audit)
        {
            audit.About(keeperPartnerId);
            audit.Change(
                "duplicate person " + key,
                new { claims = duplicate.Claims.Select(c => new { c.Claim.PartnerId, c.Claim.PersonId, c.Counts }) },
                new { keptBy = keeperPartnerId, excluded = excluded.Select(c => c.PartnerId + "/" + c.PersonId) });
            foreach (var claim in excluded)
            {
                audit.AlsoChanged(claim.PartnerId, "person " + claim.PersonId, new { duplicateOf = keeperPartnerId, key });
            }
        }

        return DuplicateResolution.Resolved;
    }
}
