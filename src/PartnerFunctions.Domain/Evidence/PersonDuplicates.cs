namespace PartnerFunctions.Domain.Evidence;

/// <summary>One partner's claim of a person, as the duplicate search reads it: who they are and when they work there.</summary>
/// <param name="CertificateIds">The certificate ids of the person's accreditations, as written.</param>
/// <param name="EmployedTo">Last day employed; null while still employed.</param>
public sealed record PersonClaim(
    string PartnerId,
    string PartnerName,
    string PersonId,
    string PersonName,
    string? Email,
    IReadOnlyList<string> CertificateIds,
    DateOnly EmployedFrom,
    DateOnly? EmployedTo)
{
    /// <summary>
    /// The claim a partner's person makes, or null when it makes none: a person given to another partner by a resolved
    /// duplicate (<see cref="Person.DuplicateOf"/>) claims nothing, nor does one with neither email nor certificate id.
    /// </summary>
    public static PersonClaim? Of(string partnerId, string partnerName, Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (!person.Counts)
        {
            return null;
        }

        var certificates = person.Accreditations
            .Select(a => a.CertificateId)
            .Where(c => !string.IsNullOrWhiteSpace(c))
            .Select(c => c!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        return string.IsNullOrWhiteSpace(person.Email) && certificates.Length == 0
            ? null
            : new PersonClaim(partnerId, partnerName, person.Id, person.Name, person.Email, certificates, person.EmployedFrom, person.EmployedTo);
    }

    /// <summary>True when both claims' employment periods share a day (inclusive; an open end runs on).</summary>
    public bool Overlaps(PersonClaim other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return EmployedFrom <= (other.EmployedTo ?? DateOnly.MaxValue) && other.EmployedFrom <= (EmployedTo ?? DateOnly.MaxValue);
    }
}

/// <summary>The same person claimed by two partners or more over overlapping employment.</summary>
/// <param name="Key">The duplicate's key: the first of <paramref name="MatchedOn"/>.</param>
/// <param name="MatchedOn">The normalised identities shared ("email|…", "certificate|…"), in order.</param>
public sealed record PersonDuplicate(string Key, IReadOnlyList<string> MatchedOn, IReadOnlyList<PersonClaim> Claims);

/// <summary>
/// People claimed by more than one partner at the same time: two claims of different partners are the same person when
/// their normalised email (trimmed, lower case) or one of their accreditations' certificate ids (trimmed, upper case,
/// spaces and dashes ignored) match AND their employment periods overlap (inclusive days; no end = still employed).
/// Claims linked that way, directly or through another claim, form one duplicate. Each partner evaluates alone, so
/// such a person counts for each of them until program staff resolve it. Pure: the claims are an input.
/// </summary>
public static class PersonDuplicates
{
    public const string EmailPrefix = "email|";
    public const string CertificatePrefix = "certificate|";

    /// <summary>" Camille.Martin@Example.FR " and "camille.martin@example.fr" alike.</summary>
    public static string NormaliseEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    /// <summary>"ab-12 34" and "AB1234" alike.</summary>
    public static string NormaliseCertificateId(string certificateId)
    {
        ArgumentNullException.ThrowIfNull(certificateId);
        return string.Concat(certificateId.Where(c => c != '-' && !char.IsWhiteSpace(c))).ToUpperInvariant();
    }

    /// <summary>The normalised identities a claim carries (email first, then certificates), each once.</summary>
    public static IReadOnlyList<string> IdentitiesOf(PersonClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var keys = new List<string>(1 + claim.CertificateIds.Count);
        if (!string.IsNullOrWhiteSpace(claim.Email))
        {
            keys.Add(EmailPrefix + NormaliseEmail(claim.Email));
        }

        foreach (var certificate in claim.CertificateIds)
        {
            var normalised = NormaliseCertificateId(certificate);
            if (normalised.Length > 0 && !keys.Contains(CertificatePrefix + normalised, StringComparer.Ordinal))
            {
                keys.Add(CertificatePrefix + normalised);
            }
        }

        return keys;
    }

    /// <summary>The people claimed by two partners or more at once, by key; each claim once, in partner then person order.</summary>
    public static IReadOnlyList<PersonDuplicate> Find(IEnumerable<PersonClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var all = claims.ToArray();
        var byIdentity = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            foreach (var key in IdentitiesOf(all[i]))
            {
                if (!byIdentity.TryGetValue(key, out var list))
                {
                    byIdentity[key] = list = [];
                }

                list.Add(i);
            }
        }

        // Union-find over the claims: two claims of different partners sharing an identity over overlapping days.
        var parent = Enumerable.Range(0, all.Length).ToArray();
        var shared = new List<(int Claim, string Key)>();
        foreach (var (key, members) in byIdentity)
        {
            for (var x = 0; x < members.Count; x++)
            {
                for (var y = x + 1; y < members.Count; y++)
                {
                    var (a, b) = (all[members[x]], all[members[y]]);
                    if (!string.Equals(a.PartnerId, b.PartnerId, StringComparison.Ordinal) && a.Overlaps(b))
                    {
                        parent[Root(parent, members[x])] = Root(parent, members[y]);
                        shared.Add((members[x], key));
                    }
                }
            }
        }

        var matched = shared.GroupBy(s => Root(parent, s.Claim)).ToDictionary(g => g.Key, g => g.Select(s => s.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        return Enumerable.Range(0, all.Length)
            .Where(i => matched.ContainsKey(Root(parent, i)))
            .GroupBy(i => Root(parent, i))
            .Select(g => new PersonDuplicate(
                matched[g.Key][0],
                matched[g.Key],
                g.Select(i => all[i]).OrderBy(c => c.PartnerId, StringComparer.Ordinal).ThenBy(c => c.PersonId, StringComparer.Ordinal).ToArray()))
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToArray();
    }

    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
