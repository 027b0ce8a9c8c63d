using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// Merges reported accreditations into a stored person. An accreditation is identified by competency and completion
/// day; a report of it again only updates its expiry. Merging the same report twice gives the same person.
/// </summary>
internal static class AccreditationMerge
{
    public static Person Merge(Person? existing, PersonAccreditations incoming)
    {
        var byKey = new Dictionary<(string, DateOnly), Accreditation>();
        foreach (var a in existing?.Accreditations ?? [])
        {
            byKey[(a.CompetencyId, a.CompletedOn)] = a;
        }

        foreach (var a in incoming.Accreditations)
        {
            // A report without a certificate id keeps the one the person's record has.
            byKey[(a.CompetencyId, a.CompletedOn)] = a.CertificateId is null && byKey.TryGetValue((a.CompetencyId, a.CompletedOn), out var known) ? a with { CertificateId = known.CertificateId } : a;
        }

        var accreditations = byKey.Values
            .OrderBy(a => a.CompetencyId, StringComparer.Ordinal)
            .ThenBy(a => a.CompletedOn)
            .ToArray();

        // A new person reported without a start date counts from the earliest accreditation reported for them.
        var employedFrom = incoming.EmployedFrom
            ?? existing?.EmployedFrom
            ?? (incoming.Accreditations.Count > 0 ? incoming.Accreditations.Min(a => a.CompletedOn) : DateOnly.MinValue);
        return new Person(incoming.PersonId, incoming.PersonName, employedFrom, existing?.EmployedTo, accreditations) { Email = existing?.Email };
    }

    public static bool SameAs(Person a, Person b) =>
        string.Equals(a.Id, b.Id, StringComparison.Ordinal)
        && string.Equals(a.Name, b.Name, StringComparison.Ordinal)
        && a.EmployedFrom == b.EmployedFrom
        && a.EmployedTo == b.EmployedTo
        && string.Equals(a.Email, b.Email, StringComparison.Ordinal)
        && a.Accreditations.OrderBy(x => x.CompetencyId, StringComparer.Ordinal).ThenBy(x => x.CompletedOn)
            .SequenceEqual(b.Accreditations.OrderBy(x => x.CompetencyId, StringComparer.Ordinal).ThenBy(x => x.CompletedOn));
}
