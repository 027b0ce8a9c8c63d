using System.Globalization;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>
/// Fluent builder of a partner's evidence, relative to an evaluation day: people employed and accredited for a
/// competency, revenue lines (by default in the evaluation day's month, in EUR), customer references (by default
/// approved, from the competency's own market, satisfaction not measured).
/// </summary>
internal sealed class EvidenceBuilder
{
    /// <summary>The evaluation day tests use unless they need another one: mid-month, far from any month end.</summary>
    public static readonly DateOnly DefaultAsOf = new(2026, 6, 15);

    private readonly ProgramDefinition _definition;
    private readonly List<Person> _people = [];
    private readonly List<RevenueLine> _revenue = [];
    private readonly List<CustomerReference> _references = [];
    private readonly List<string> _legacySpecializations = [];
    private string _partnerId = "partner-1";
    private string _partnerName = "Cyberprotection SAS";
    private string _country = "FR";
    private Tier _legacyTier = Tier.Registered;

    public EvidenceBuilder(DateOnly? asOf = null, ProgramDefinition? definition = null)
    {
        AsOf = asOf ?? DefaultAsOf;
        _definition = definition ?? TestDefinitions.Default;
    }

    /// <summary>The day the evidence is built for: people are employed and accredited on it, revenue falls in its month.</summary>
    public DateOnly AsOf { get; }

    /// <summary>The first day of the month of <see cref="AsOf"/>.</summary>
    public DateOnly ThisMonth => new(AsOf.Year, AsOf.Month, 1);

    public EvidenceBuilder WithPartner(string id, string? name = null)
    {
        _partnerId = id;
        _partnerName = name ?? _partnerName;
        return this;
    }

    public EvidenceBuilder WithCountry(string country)
    {
        _country = country;
        return this;
    }

    public EvidenceBuilder WithLegacySpecializations(params string[] ids)
    {
        _legacySpecializations.AddRange(ids);
        return this;
    }

    public EvidenceBuilder WithLegacyTier(Tier tier)
    {
        _legacyTier = tier;
        return this;
    }

    /// <summary>Adds <paramref name="count"/> people employed on <see cref="AsOf"/>, each holding one valid accreditation for the competency.</summary>
    public EvidenceBuilder WithAccreditedPeople(string competencyId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            WithPerson(AsOf.AddYears(-3), null, Accredited(competencyId, AsOf.AddMonths(-1)));
        }

        return this;
    }

    /// <summary>Adds a person with the given employment and accreditations.</summary>
    public EvidenceBuilder WithPerson(DateOnly employedFrom, DateOnly? employedTo, params Accreditation[] accreditations)
    {
        var number = _people.Count + 1;
        _people.Add(new Person(Id("person", number), Id("Person", number), employedFrom, employedTo, accreditations));
        return this;
    }

    /// <summary>Adds a person employed on <see cref="AsOf"/> with the given accreditations.</summary>
    public EvidenceBuilder WithEmployee(params Accreditation[] accreditations) => WithPerson(AsOf.AddYears(-3), null, accreditations);

    /// <summary>Adds one revenue line; by default booked in the month of <see cref="AsOf"/>, in the program currency.</summary>
    public EvidenceBuilder WithRevenue(string competencyId, decimal amount, DateOnly? period = null, string? currency = null)
    {
        _revenue.Add(new RevenueLine(Id("revenue", _revenue.Count + 1), competencyId, period ?? ThisMonth, amount, currency ?? _definition.Currency));
        return this;
    }

    /// <summary>Adds <paramref name="count"/> references; by default approved, from the competency's market, satisfaction not measured.</summary>
    public EvidenceBuilder WithReferences(
        string competencyId,
        int count,
        decimal? satisfaction = null,
        ReferenceState state = ReferenceState.Approved,
        Market? market = null)
    {
        var customerMarket = market ?? MarketOf(competencyId);
        for (var i = 0; i < count; i++)
        {
            var number = _references.Count + 1;
            _references.Add(new CustomerReference(Id("reference", number), competencyId, Id("Customer", number), customerMarket, state, satisfaction));
        }

        return this;
    }

    /// <summary>Adds exactly the evidence the competency's <paramref name="level"/> asks for (satisfaction, when required, at its minimum).</summary>
    public EvidenceBuilder Qualifying(string competencyId, CompetencyLevel level)
    {
        var requirement = _definition.FindCompetency(competencyId)!.RequirementFor(level);
        return WithAccreditedPeople(competencyId, requirement.MinAccreditedPeople)
            .WithRevenue(competencyId, requirement.MinRevenue)
            .WithReferences(competencyId, requirement.MinValidatedReferences, requirement.MinSatisfaction);
    }

    public PartnerEvidence Build() => new(
        new Partner(_partnerId, _partnerName, _country, "fr", $"contact@{_partnerId}.example.fr", _legacySpecializations.ToArray(), _legacyTier),
        _people.ToArray(),
        _revenue.ToArray(),
        _references.ToArray());

    /// <summary>An accreditation; without <paramref name="expiresOn"/> it lasts the program's default validity.</summary>
    public static Accreditation Accredited(string competencyId, DateOnly completedOn, DateOnly? expiresOn = null) =>
        new(competencyId, completedOn, expiresOn);

    private Market MarketOf(string competencyId) => _definition.FindCompetency(competencyId)?.Market ?? Market.Enterprise;

    private static string Id(string prefix, int number) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number}");
}
