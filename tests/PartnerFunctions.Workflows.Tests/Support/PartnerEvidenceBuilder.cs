using System.Globalization;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>
/// Explicit evidence for one partner, relative to a day (today, UTC, by default, since workflows evaluate as of their
/// own clock): accredited people employed on that day, revenue booked in that day's month (EUR), customer references.
/// Seed it with <see cref="WorkflowTestHost.SeedPartnerAsync(PartnerEvidenceBuilder, CancellationToken)"/>.
/// </summary>
public sealed class PartnerEvidenceBuilder
{
    private readonly List<Person> _people = [];
    private readonly List<RevenueLine> _revenue = [];
    private readonly List<CustomerReference> _references = [];
    private readonly List<string> _legacySpecializations = [];
    private string _name;
    private string _email;
    private string _language = "en";
    private Tier _legacyTier = Tier.Registered;

    public PartnerEvidenceBuilder(string partnerId, DateOnly? asOf = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        PartnerId = partnerId;
        AsOf = asOf ?? DateOnly.FromDateTime(DateTime.UtcNow);
        _name = partnerId + " SAS";
        _email = $"contact@{partnerId}.example.com";
    }

    public string PartnerId { get; }

    /// <summary>The day the evidence holds on.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Where the partner's notifications go.</summary>
    public string Email => _email;

    public PartnerEvidenceBuilder WithName(string name)
    {
        _name = name;
        return this;
    }

    public PartnerEvidenceBuilder WithEmail(string email)
    {
        _email = email;
        return this;
    }

    public PartnerEvidenceBuilder WithLanguage(string language)
    {
        _language = language;
        return this;
    }

    public PartnerEvidenceBuilder WithLegacyTier(Tier tier)
    {
        _legacyTier = tier;
        return this;
    }

    public PartnerEvidenceBuilder WithLegacySpecializations(params string[] ids)
    {
        _legacySpecializations.AddRange(ids);
        return this;
    }

    /// <summary>Adds <paramref name="count"/> people employed for years, each accredited for the competency last month.</summary>
    public PartnerEvidenceBuilder WithAccreditedPeople(string competencyId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var number = _people.Count + 1;
            _people.Add(new Person(
                Id("person", number),
                Id("Person", number),
                AsOf.AddYears(-3),
                null,
                [new Accreditation(competencyId, AsOf.AddMonths(-1), null)]));
        }

        return this;
    }

    /// <summary>Adds a revenue line in the month of <see cref="AsOf"/>, in EUR.</summary>
    public PartnerEvidenceBuilder WithRevenue(string competencyId, decimal amount)
    {
        _revenue.Add(new RevenueLine(Id("rev", _revenue.Count + 1), competencyId, new DateOnly(AsOf.Year, AsOf.Month, 1), amount, "EUR"));
        return this;
    }

    /// <summary>Adds a customer reference; returns its id through <paramref name="referenceId"/>.</summary>
    public PartnerEvidenceBuilder WithReference(string competencyId, Market market, ReferenceState state, out string referenceId, decimal? satisfaction = null)
    {
        referenceId = Id("ref", _references.Count + 1);
        _references.Add(new CustomerReference(referenceId, competencyId, "Customer " + referenceId, market, state, satisfaction));
        return this;
    }

    /// <summary>Adds a customer reference.</summary>
    public PartnerEvidenceBuilder WithReference(string competencyId, Market market, ReferenceState state, decimal? satisfaction = null) =>
        WithReference(competencyId, market, state, out _, satisfaction);

    public PartnerEvidence Build() => new(
        new Partner(PartnerId, _name, "FR", _language, _email, [.. _legacySpecializations], _legacyTier),
        [.. _people],
        [.. _revenue],
        [.. _references]);

    private string Id(string kind, int number) => string.Create(CultureInfo.InvariantCulture, $"{PartnerId}-{kind}{number}");
}
