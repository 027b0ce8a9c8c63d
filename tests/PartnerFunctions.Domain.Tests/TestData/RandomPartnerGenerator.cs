using System.Globalization;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>
/// Seeded, deterministic generator of partners whose evidence sits around the thresholds (people near 2 and 4,
/// revenue near 50,000 and 250,000, references near 1 and 3, satisfaction near 4.0, accreditations near their expiry,
/// revenue near the window's edges, people joining and leaving), plus evidence to add or remove for property tests.
/// </summary>
#pragma warning disable CA5394 // Test data: a seeded, reproducible generator is the point, not secrecy.
internal sealed class RandomPartnerGenerator
{
    private static ReferenceState[] States { get; } = [ReferenceState.Approved, ReferenceState.Approved, ReferenceState.Approved, ReferenceState.Submitted, ReferenceState.InReview, ReferenceState.Rejected];
    private static decimal[] AmountScales { get; } = [2_000m, 20_000m, 150_000m, 600_000m];
    private static Tier[] AllTiers { get; } = Enum.GetValues<Tier>();

    private readonly Random _random;

    // Countries and listed currencies are drawn apart, so the rest of the partners stay what the seed gave before.
    private readonly Random _regional;
    private readonly ProgramDefinition _definition;
    private readonly string[] _legacyIds;
    private int _nextId;

    public RandomPartnerGenerator(int seed, ProgramDefinition? definition = null)
    {
        _random = new Random(seed);
        _regional = new Random(seed + 1);
        _definition = definition ?? TestDefinitions.Default;
        _legacyIds = _definition.Competencies.SelectMany(c => c.LegacySpecializations)
            .Concat(_definition.RetiredSpecializations.Select(r => r.Id))
            .Append("tech-unknown-legacy")
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        SafeSatisfaction = _definition.Competencies
            .SelectMany(c => new[] { c.Principal.MinSatisfaction, c.Expert.MinSatisfaction })
            .Max() ?? 0m;
    }

    /// <summary>A satisfaction at or above every level's minimum: a reference scored at least this can only help.</summary>
    public decimal SafeSatisfaction { get; }

    /// <summary>An evaluation day in 2025-2027; one in three is a month end (28, 29, 30 or 31) to exercise date clamping.</summary>
    public DateOnly NextAsOf()
    {
        var year = _random.Next(2025, 2028);
        var month = _random.Next(1, 13);
        var day = _random.Next(3) == 0 ? DateTime.DaysInMonth(year, month) : _random.Next(1, 29);
        return new DateOnly(year, month, day);
    }

    /// <summary>
    /// A partner working in 0 to 5 competencies. For each, evidence is drawn around that competency's own thresholds
    /// (so every level is reached often), then noise is added: other people, revenue in other areas (sized so that every
    /// tier is reached), references that do not count.
    /// </summary>
    public PartnerEvidence NextPartner(DateOnly asOf)
    {
        var id = NewId("partner");
        var focus = Enumerable.Range(0, _definition.Competencies.Count)
            .OrderBy(_ => _random.Next())
            .Take(_random.Next(0, 6))
            .Select(i => _definition.Competencies[i])
            .ToArray();
        var focusIds = focus.Select(c => c.Id).ToArray();
        var people = new List<Person>();
        var revenue = new List<RevenueLine>();
        var references = new List<CustomerReference>();

        foreach (var competency in focus)
        {
            var expert = competency.Expert;
            for (var p = _random.Next(0, expert.MinAccreditedPeople + 3); p > 0; p--)
            {
                var person = NextPerson(asOf, focusIds, mostlyValid: _random.Next(3) > 0);
                people.Add(person with { Accreditations = [.. person.Accreditations, NextAccreditation(asOf, [competency.Id], mostlyValid: _random.Next(4) > 0)] });
            }

            var target = Math.Max(1m, (_random.Next(2) == 0 ? competency.Principal.MinRevenue : expert.MinRevenue) * (0.7m + (_random.Next(0, 61) / 100m)));
            var lines = _random.Next(1, 5);
            for (var l = 0; l < lines; l++)
            {
                revenue.Add(NextRevenueLine(asOf, [competency.Id], decimal.Round(target / lines, 2)) with { CompetencyId = competency.Id });
            }

            for (var r = _random.Next(0, expert.MinValidatedReferences + 3); r > 0; r--)
            {
                references.Add(NextReference([competency.Id], safeSatisfaction: false));
            }
        }

        people.AddRange(Enumerable.Range(0, _random.Next(0, 4)).Select(_ => NextPerson(asOf, focusIds, mostlyValid: false)));
        revenue.AddRange(Enumerable.Range(0, _random.Next(0, 6)).Select(_ => NextRevenueLine(asOf, focusIds, AmountScales[_random.Next(AmountScales.Length)])));
        references.AddRange(Enumerable.Range(0, _random.Next(0, 3)).Select(_ => NextReference(focusIds, safeSatisfaction: false)));

        var legacy = _legacyIds.Where(_ => _random.Next(6) == 0).ToArray();
        // With country groups, partners come from their countries and from countries in no group.
        var countries = _definition.CountryGroups.SelectMany(g => g.Countries).Append("FR").Append("ES").Distinct().ToArray();
        var country = _definition.CountryGroups.Count == 0 ? "FR" : countries[_regional.Next(countries.Length)];
        var partner = new Partner(id, "Partner " + id, country, "fr", id + "@example.fr", legacy, AllTiers[_random.Next(AllTiers.Length)]);
        return new PartnerEvidence(partner, people.ToArray(), revenue.ToArray(), references.ToArray());
    }

    /// <summary>
    /// The evidence plus one more item that can only help: a person, an accreditation, a revenue line (positive), or a
    /// reference whose satisfaction is not measured or at least <see cref="SafeSatisfaction"/>.
    /// </summary>
    public PartnerEvidence AddEvidence(PartnerEvidence evidence, DateOnly asOf)
    {
        var focus = FocusOf(evidence);
        switch (_random.Next(4))
        {
            case 0:
                return evidence with { People = [.. evidence.People, NextPerson(asOf, focus, mostlyValid: true)] };
            case 1 when evidence.People.Count > 0:
                var index = _random.Next(evidence.People.Count);
                var person = evidence.People[index];
                var extended = person with { Accreditations = [.. person.Accreditations, NextAccreditation(asOf, focus, mostlyValid: true)] };
                return evidence with { People = evidence.People.Select((p, i) => i == index ? extended : p).ToArray() };
            case 2:
                return evidence with { Revenue = [.. evidence.Revenue, NextRevenueLine(asOf, focus, AmountScales[_random.Next(AmountScales.Length)])] };
            default:
                return evidence with { References = [.. evidence.References, NextReference(focus, safeSatisfaction: true)] };
        }
    }

    /// <summary>
    /// The evidence minus one item whose removal can only hurt: a person, an accreditation, a revenue line, or a reference
    /// whose satisfaction is not measured or at least <see cref="SafeSatisfaction"/>. Null when there is nothing to remove.
    /// </summary>
    public PartnerEvidence? RemoveEvidence(PartnerEvidence evidence)
    {
        var removableReferences = evidence.References
            .Select((r, i) => (r, i))
            .Where(x => x.r.Satisfaction is null || x.r.Satisfaction >= SafeSatisfaction)
            .Select(x => x.i)
            .ToArray();
        var options = new List<int>();
        if (evidence.People.Count > 0)
        {
            options.Add(0);
        }

        if (evidence.People.Any(p => p.Accreditations.Count > 0))
        {
            options.Add(1);
        }

        if (evidence.Revenue.Count > 0)
        {
            options.Add(2);
        }

        if (removableReferences.Length > 0)
        {
            options.Add(3);
        }

        if (options.Count == 0)
        {
            return null;
        }

        switch (options[_random.Next(options.Count)])
        {
            case 0:
                return evidence with { People = Without(evidence.People, _random.Next(evidence.People.Count)) };
            case 1:
                var candidates = evidence.People.Select((p, i) => (p, i)).Where(x => x.p.Accreditations.Count > 0).ToArray();
                var (person, index) = candidates[_random.Next(candidates.Length)];
                var reduced = person with { Accreditations = Without(person.Accreditations, _random.Next(person.Accreditations.Count)) };
                return evidence with { People = evidence.People.Select((p, i) => i == index ? reduced : p).ToArray() };
            case 2:
                return evidence with { Revenue = Without(evidence.Revenue, _random.Next(evidence.Revenue.Count)) };
            default:
                return evidence with { References = Without(evidence.References, removableReferences[_random.Next(removableReferences.Length)]) };
        }
    }

    /// <summary>The same evidence with every list in a random order.</summary>
    public PartnerEvidence Shuffle(PartnerEvidence evidence) => evidence with
    {
        People = evidence.People.OrderBy(_ => _random.Next()).Select(p => p with { Accreditations = p.Accreditations.OrderBy(_ => _random.Next()).ToArray() }).ToArray(),
        Revenue = evidence.Revenue.OrderBy(_ => _random.Next()).ToArray(),
        References = evidence.References.OrderBy(_ => _random.Next()).ToArray(),
    };

    private Person NextPerson(DateOnly asOf, string[] focus, bool mostlyValid)
    {
        var employedFrom = mostlyValid && _random.Next(4) > 0 ? asOf.AddDays(-_random.Next(0, 2000)) : asOf.AddDays(-_random.Next(-30, 3000));
        DateOnly? employedTo = _random.Next(mostlyValid ? 8 : 4) == 0 ? asOf.AddDays(_random.Next(-200, 60)) : null;
        var accreditations = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => NextAccreditation(asOf, focus, mostlyValid)).ToArray();
        var name = NewId("person");
        return new Person(name, name, employedFrom, employedTo, accreditations);
    }

    private Accreditation NextAccreditation(DateOnly asOf, string[] focus, bool mostlyValid)
    {
        var competencyId = _random.Next(30) == 0 ? "retired-competency" : PickCompetency(focus);
        var validity = _definition.AccreditationValidityMonths;
        var completedOn = _random.Next(8) switch
        {
            // Right at the default expiry boundary: the day before, on, or after the last valid completion day.
            0 => asOf.AddMonths(-validity).AddDays(_random.Next(-1, 2)),
            1 when !mostlyValid => asOf.AddDays(_random.Next(0, 20)),
            _ => asOf.AddDays(-_random.Next(0, mostlyValid ? 600 : 900)),
        };
        DateOnly? expiresOn = _random.Next(4) == 0 ? asOf.AddDays(_random.Next(mostlyValid ? 0 : -30, 60)) : null;
        return new Accreditation(competencyId, completedOn, expiresOn);
    }

    private RevenueLine NextRevenueLine(DateOnly asOf, string[] focus, decimal scale)
    {
        var competencyId = _random.Next(20) == 0 ? "retired-competency" : PickCompetency(focus);
        var thisMonth = new DateOnly(asOf.Year, asOf.Month, 1);
        var period = thisMonth.AddMonths(-_random.Next(-1, _definition.RevenueWindowMonths + 2));
        var amount = decimal.Round(scale * (0.2m + (_random.Next(0, 161) / 100m)), 2) + 0.01m;
        var currency = _random.Next(20) == 0 ? "USD"
            : _definition.Currencies.Count != 0 && _regional.Next(4) == 0 ? _definition.Currencies[_regional.Next(_definition.Currencies.Count)].Code
            : _definition.Currency;
        return new RevenueLine(NewId("revenue"), competencyId, period, amount, currency);
    }

    private CustomerReference NextReference(string[] focus, bool safeSatisfaction)
    {
        var competencyId = PickCompetency(focus);
        var market = _definition.FindCompetency(competencyId)!.Market;
        if (_random.Next(5) == 0)
        {
            market = (Market)(((int)market + 1 + _random.Next(2)) % 3);
        }

        decimal? satisfaction = _random.Next(2) == 0
            ? null
            : safeSatisfaction
                ? Math.Min(5m, SafeSatisfaction + (_random.Next(0, 11) / 10m))
                : 2.5m + (_random.Next(0, 26) / 10m);
        return new CustomerReference(NewId("reference"), competencyId, "Customer", market, States[_random.Next(States.Length)], satisfaction);
    }

    private string PickCompetency(string[] focus) =>
        focus.Length > 0 && _random.Next(10) > 0
            ? focus[_random.Next(focus.Length)]
            : _definition.Competencies[_random.Next(_definition.Competencies.Count)].Id;

    private string[] FocusOf(PartnerEvidence evidence) => evidence.People.SelectMany(p => p.Accreditations.Select(a => a.CompetencyId))
        .Concat(evidence.Revenue.Select(r => r.CompetencyId))
        .Concat(evidence.References.Select(r => r.CompetencyId))
        .Where(id => _definition.IndexOf(id) >= 0)
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    private string NewId(string prefix) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{++_nextId}");

    private static T[] Without<T>(IReadOnlyList<T> items, int index) => items.Where((_, i) => i != index).ToArray();
}
#pragma warning restore CA5394
