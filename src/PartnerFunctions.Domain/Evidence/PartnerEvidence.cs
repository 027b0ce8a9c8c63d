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
public readonly record struct Accreditation(string CompetencyId, DateOnly CompletedOn, DateOnly? ExpiresOn)
{
    /// <summary>The exam certificate's id, when known: it identifies the person across partners (not a rule input).</summary>
    public string? CertificateId { get; init; }
}

/// <summary>A person working for the partner, with the accreditations they hold.</summary>
/// <param name="EmployedTo">Last day employed; null while still employed.</param>
public sealed record Person(
    string Id,
    string Name,
    DateOnly EmployedFrom,
    DateOnly? EmployedTo,
    IReadOnlyList<Accreditation> Accreditations)
{
    // A copy: evidence is a snapshot, and the evidence's facts are built from it.
    private readonly Accreditation[] _accreditations = EvidenceFacts.Snapshot(Accreditations, nameof(Accreditations));

    /// <summary>The accreditations the person holds (a copy of the list given).</summary>
    public IReadOnlyList<Accreditation> Accreditations
    {
        get => _accreditations;
        init => _accreditations = EvidenceFacts.Snapshot(value, nameof(Accreditations));
    }

    /// <summary>The person's work email, when known: it identifies the person across partners (not a rule input).</summary>
    public string? Email { get; init; }

    /// <summary>
    /// Set when program staff resolved a duplicate person in favour of another partner: the id of the partner that keeps
    /// this person. The person stays listed but none of their accreditations count for this partner (the evaluator's
    /// facts leave them out). Server-owned: stored apart from the person, so no write of the person clears it.
    /// </summary>
    public string? DuplicateOf { get; init; }

    /// <summary>True unless a resolved duplicate gave the person to another partner (<see cref="DuplicateOf"/>).</summary>
    public bool Counts => DuplicateOf is null;

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
/// <remarks>
/// Ids are unique within each list: a person, revenue line or reference named twice throws
/// <see cref="ArgumentException"/> naming the id and the list.
/// A snapshot: the lists given are copied, so changing them afterwards changes nothing here. Creating evidence also
/// lays out the fields the rules read as compact facts (<see cref="EvidenceFacts"/>), once, whatever definition and
/// day it is later evaluated for; that is part of loading evidence, and the evaluator benchmark reports its cost.
/// </remarks>
public sealed record PartnerEvidence
{
    private Person[] _people;
    private RevenueLine[] _revenue;
    private CustomerReference[] _references;

    // Built with the evidence; a copy made with `with` and new lists builds its own on first use.
    private EvidenceFacts? _facts;

    public PartnerEvidence(Partner partner, IReadOnlyList<Person> people, IReadOnlyList<RevenueLine> revenue, IReadOnlyList<CustomerReference> references)
    {
        Partner = partner;
        _people = Distinct<Person, PersonIds>(EvidenceFacts.Snapshot(people, nameof(people)), nameof(people));
        _revenue = Distinct<RevenueLine, RevenueLineIds>(EvidenceFacts.Snapshot(revenue, nameof(revenue)), nameof(revenue));
        _references = Distinct<CustomerReference, ReferenceIds>(EvidenceFacts.Snapshot(references, nameof(references)), nameof(references));
        _facts = EvidenceFacts.Build(_people, _revenue, _references);
    }

    /// <summary>The partner.</summary>
    public Partner Partner { get; init; }

    /// <summary>The partner's people (a copy of the list given).</summary>
    public IReadOnlyList<Person> People
    {
        get => _people;
        init => (_people, _facts) = (Distinct<Person, PersonIds>(EvidenceFacts.Snapshot(value, nameof(People)), nameof(People)), null);
    }

    /// <summary>The partner's revenue lines (a copy of the list given).</summary>
    public IReadOnlyList<RevenueLine> Revenue
    {
        get => _revenue;
        init => (_revenue, _facts) = (Distinct<RevenueLine, RevenueLineIds>(EvidenceFacts.Snapshot(value, nameof(Revenue)), nameof(Revenue)), null);
    }

    /// <summary>The partner's customer references (a copy of the list given).</summary>
    public IReadOnlyList<CustomerReference> References
    {
        get => _references;
        init => (_references, _facts) = (Distinct<CustomerReference, ReferenceIds>(EvidenceFacts.Snapshot(value, nameof(References)), nameof(References)), null);
    }

    /// <summary>The evidence as the evaluator reads it.</summary>
    internal EvidenceFacts Facts => _facts ?? BuildFacts();

    /// <summary>The facts when already built (prefetch hints must not build them).</summary>
    internal EvidenceFacts? FactsIfBuilt => _facts;

    // One id per person, revenue line and reference: a repeated one would count twice.
    private static T[] Distinct<T, TId>(T[] items, string listName)
        where TId : IIdOf<T>
    {
        EvidenceIds.ThrowIfRepeated<T, TId>(items, listName);
        return items;
    }

    // Two threads racing build equal facts from the same immutable lists; either is kept.
    private EvidenceFacts BuildFacts()
    {
        var facts = EvidenceFacts.Build(_people, _revenue, _references);
        return Interlocked.CompareExchange(ref _facts, facts, null) ?? facts;
    }
}
