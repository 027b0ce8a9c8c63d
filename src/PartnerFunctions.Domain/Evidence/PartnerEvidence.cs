using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evidence;

/// <summary>Review state of a customer reference (the usual evidence review flow).</summary>
public enum ReferenceState
{
    Submitted,
    InReview,
    Approved,
    Rejected,
}

/// <summary>A partner of the program.</summary>
/// <param name="Id">Stable partner id.</param>
/// <param name="Name">Company name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code.</param>
/// <param name="Language">Preferred language for emails ("fr", "en").</param>
/// <param name="Email">Where partner notifications go.</param>
/// <param name="LegacySpecializations">Specializations held under the old program.</param>
/// <param name="LegacyTier">Tier held under the old program (what migration compares against).</param>
public sealed record Partner(
    string Id,
    string Name,
    string Country,
    string Language,
    string Email,
    IReadOnlyList<string> LegacySpecializations,
    Tier LegacyTier);

/// <summary>A training/exam accreditation of one person for one competency.</summary>
/// <param name="ExpiresOn">Last valid day; null means the program's default validity from <paramref name="CompletedOn"/>.</param>
public readonly record struct Accreditation(string CompetencyId, DateOnly CompletedOn, DateOnly? ExpiresOn);

/// <summary>A person working for the partner, with the accreditations they hold.</summary>
/// <param name="EmployedTo">Last day employed; null while still employed.</param>
public sealed record Person(
    string Id,
    string Name,
    DateOnly EmployedFrom,
    DateOnly? EmployedTo,
    IReadOnlyList<Accreditation> Accreditations)
{
    /// <summary>True when the person is employed by the partner on that day.</summary>
    public bool IsEmployedOn(DateOnly day) => EmployedFrom <= day && (EmployedTo is null || day <= EmployedTo.Value);
}

/// <summary>Revenue booked in one competency's product area for one calendar month.</summary>
/// <param name="Period">The first day of the month the revenue belongs to.</param>
public readonly record struct RevenueLine(string Id, string CompetencyId, DateOnly Period, decimal Amount, string Currency);

/// <summary>A customer reference submitted for a competency.</summary>
/// <param name="Satisfaction">Customer satisfaction on a 0-5 scale, when measured.</param>
public readonly record struct CustomerReference(
    string Id,
    string CompetencyId,
    string CustomerName,
    Market CustomerMarket,
    ReferenceState State,
    decimal? Satisfaction);

/// <summary>Everything known about one partner that the rules look at.</summary>
public sealed record PartnerEvidence(
    Partner Partner,
    IReadOnlyList<Person> People,
    IReadOnlyList<RevenueLine> Revenue,
    IReadOnlyList<CustomerReference> References);
