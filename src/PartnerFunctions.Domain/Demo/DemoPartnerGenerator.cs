using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Demo;

/// <summary>Shape of the generated evidence.</summary>
/// <param name="Seed">Same seed and index give the same partner, so any partner can be regenerated on its own.</param>
/// <param name="ReferenceDate">The day the evidence is "current" for (revenue months end here, accreditations are recent to it).</param>
/// <param name="PeoplePerPartner">People per partner; null varies it with the partner's size (2 to 12).</param>
/// <param name="RevenueLinesPerPartner">Monthly revenue lines per partner; null varies it with size.</param>
/// <param name="ReferencesPerPartner">Customer references per partner; null varies it with size.</param>
public sealed record DemoGenerationOptions(
    int Seed,
    DateOnly ReferenceDate,
    int? PeoplePerPartner = null,
    int? RevenueLinesPerPartner = null,
    int? ReferencesPerPartner = null,
    string IdPrefix = "fr-");

/// <summary>
/// Generates plausible French partners of the legacy program with people, accreditations, revenue and references:
/// the article's scale (~1,500 partners) for demos, and 100,000 for the evaluator benchmark. Deterministic.
/// </summary>
public sealed class DemoPartnerGenerator
{
    private static readonly string[] NameStems =
    [
        "Cyber", "Secur", "Info", "Data", "Net", "Proxi", "Alp", "Atlant", "Bretagne", "Lyon", "Provence", "Nord",
        "Azur", "Rhône", "Loire", "Normandie", "Occitan", "Alsace", "Savoie", "Paris", "Gascogne", "Vendée",
    ];

    private static readonly string[] NameSuffixes =
    [
        "Sécurité", "Systèmes", "Informatique", "Solutions", "Services", "Conseil", "Réseaux", "Intégration", "Technologies", "Protection",
    ];

    private static readonly string[] LegalForms = ["SAS", "SARL", "SA", "SASU"];

    private static readonly string[] FirstNames =
    [
        "Camille", "Julien", "Léa", "Thomas", "Manon", "Nicolas", "Chloé", "Antoine", "Inès", "Hugo", "Sarah", "Lucas",
        "Emma", "Mathieu", "Claire", "Pierre", "Julie", "Maxime", "Laura", "Romain",
    ];

    private static readonly string[] LastNames =
    [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    ];

    private static readonly string[] CustomerNames =
    [
        "Mairie de", "Clinique", "Groupe", "Transports", "Banque Populaire de", "Lycée", "Coopérative", "Laboratoires",
        "Hôtel", "Cabinet", "Industries", "Mutuelle",
    ];

    private static readonly string[] Cities =
    [
        "Lyon", "Nantes", "Lille", "Rennes", "Bordeaux", "Toulouse", "Marseille", "Grenoble", "Dijon", "Metz", "Brest", "Tours",
    ];

    private readonly ProgramDefinition _definition;
    private readonly DemoGenerationOptions _options;
    private readonly string[] _legacyTechnical;
    private readonly string[] _retired;

    public DemoPartnerGenerator(ProgramDefinition definition, DemoGenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        _definition = definition;
        _options = options;
        _legacyTechnical = definition.Competencies.SelectMany(c => c.LegacySpecializations).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _retired = definition.RetiredSpecializations.Select(r => r.Id).ToArray();
    }

    /// <summary>The id of the partner at <paramref name="index"/>.</summary>
    public string PartnerId(int index) => FormattableString.Invariant($"{_options.IdPrefix}{index:D6}");

    /// <summary>Generates <paramref name="count"/> partners starting at index 0.</summary>
    public IEnumerable<PartnerEvidence> GenerateMany(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Generate(i);
        }
    }

    /// <summary>The partner at <paramref name="index"/>: the same for the same seed, whatever else was generated.</summary>
    public PartnerEvidence Generate(int index)
    {
#pragma warning disable CA5394 // Demo and benchmark data: a seeded, reproducible generator is the point, not secrecy.
        var random = new Random(SeedFor(_options.Seed, index));
        var size = random.NextDouble() switch { < 0.55 => 0, < 0.85 => 1, < 0.97 => 2, _ => 3 };
        var competencies = _definition.Competencies;

        // A partner works in a few competencies: a focus on 1 to 4 of them, picked per partner.
        var focusCount = Math.Min(competencies.Count, 1 + size + random.Next(2));
        var focus = Enumerable.Range(0, competencies.Count).OrderBy(_ => random.Next()).Take(focusCount).ToArray();

        var id = PartnerId(index);
        var legacy = new List<string>();
        foreach (var f in focus)
        {
            var mapped = competencies[f].LegacySpecializations;
            if (mapped.Count > 0 && random.NextDouble() < 0.8)
            {
                legacy.Add(mapped[random.Next(mapped.Count)]);
            }
        }

        if (_retired.Length > 0 && random.NextDouble() < 0.35)
        {
            legacy.Add(_retired[random.Next(_retired.Length)]);
        }

        if (legacy.Count == 0 && _legacyTechnical.Length > 0)
        {
            legacy.Add(_legacyTechnical[random.Next(_legacyTechnical.Length)]);
        }

        var legacyTier = size switch
        {
            0 => random.NextDouble() < 0.6 ? Tier.Registered : Tier.Silver,
            1 => random.NextDouble() < 0.5 ? Tier.Silver : Tier.Gold,
            2 => random.NextDouble() < 0.6 ? Tier.Gold : Tier.Platinum,
            _ => Tier.Platinum,
        };

        var name = $"{NameStems[random.Next(NameStems.Length)]}{NameSuffixes[random.Next(NameSuffixes.Length)].ToLowerInvariant()} {LegalForms[random.Next(LegalForms.Length)]}";
        var partner = new Partner(
            id,
            name,
            "FR",
            random.NextDouble() < 0.9 ? "fr" : "en",
            FormattableString.Invariant($"contact@{id}.example.fr"),
            legacy.Distinct(StringComparer.Ordinal).ToArray(),
            legacyTier);

        var reference = _options.ReferenceDate;
        var peopleCount = _options.PeoplePerPartner ?? (2 + (size * 3) + random.Next(3));
        var people = new Person[peopleCount];
        for (var p = 0; p < peopleCount; p++)
        {
            var accreditationCount = 1 + random.Next(size >= 2 ? 3 : 2);
            var accreditations = new Accreditation[accreditationCount];
            for (var a = 0; a < accreditationCount; a++)
            {
                var completed = reference.AddDays(-random.Next(0, 30 * 26));
                accreditations[a] = new Accreditation(competencies[focus[random.Next(focus.Length)]].Id, completed, null);
            }

            var employedFrom = reference.AddDays(-random.Next(200, 4000));
            DateOnly? employedTo = random.NextDouble() < 0.08 ? reference.AddDays(-random.Next(1, 180)) : null;
            people[p] = new Person(
                FormattableString.Invariant($"{id}-p{p:D3}"),
                $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}",
                employedFrom,
                employedTo,
                accreditations);
        }

        var lineCount = _options.RevenueLinesPerPartner ?? (6 + (size * 6) + random.Next(6));
        var monthly = size switch { 0 => 6_000m, 1 => 30_000m, 2 => 110_000m, _ => 260_000m };
        var revenue = new RevenueLine[lineCount];
        var thisMonth = new DateOnly(reference.Year, reference.Month, 1);
        for (var r = 0; r < lineCount; r++)
        {
            var competency = competencies[focus[r % focus.Length]].Id;
            var period = thisMonth.AddMonths(-(r / focus.Length % 14));
            var amount = decimal.Round(monthly * (decimal)(0.3 + (random.NextDouble() * 1.4)) / focus.Length * 3m, 2);
            revenue[r] = new RevenueLine(FormattableString.Invariant($"{id}-r{r:D3}"), competency, period, amount, _definition.Currency);
        }

        var referenceCount = _options.ReferencesPerPartner ?? (1 + size + random.Next(3));
        var references = new CustomerReference[referenceCount];
        for (var r = 0; r < referenceCount; r++)
        {
            var competency = competencies[focus[random.Next(focus.Length)]];
            var rightMarket = random.NextDouble() < 0.85;
            var market = rightMarket ? competency.Market : (Market)(((int)competency.Market + 1) % 3);
            var state = random.NextDouble() switch
            {
                < 0.65 => ReferenceState.Approved,
                < 0.8 => ReferenceState.Submitted,
                < 0.92 => ReferenceState.InReview,
                _ => ReferenceState.Rejected,
            };
            decimal? satisfaction = random.NextDouble() < 0.7 ? decimal.Round(3m + (decimal)(random.NextDouble() * 2), 1) : null;
            references[r] = new CustomerReference(
                FormattableString.Invariant($"{id}-c{r:D3}"),
                competency.Id,
                $"{CustomerNames[random.Next(CustomerNames.Length)]} {Cities[random.Next(Cities.Length)]}",
                market,
                state,
                satisfaction);
        }
#pragma warning restore CA5394

        return new PartnerEvidence(partner, people, revenue, references);
    }

    // HashCode.Combine is randomized per process, so it would give other partners in every run; this mix (SplitMix64's
    // finalizer) is fixed, so the same seed gives the same data set in every process.
    internal static int SeedFor(int seed, int index)
    {
        var x = ((ulong)(uint)seed << 32) | (uint)index;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & int.MaxValue);
    }
}
