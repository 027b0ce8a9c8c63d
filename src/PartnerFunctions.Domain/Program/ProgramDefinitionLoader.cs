using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// Reads and writes program definitions as JSON; every rule of a definition read is checked by
/// <see cref="ProgramDefinitionValidator"/>, naming the JSON path at fault.
/// </summary>
public static partial class ProgramDefinitionLoader
{
    /// <summary>The most competencies a catalog may hold (the evaluator keeps a 64-bit set per person).</summary>
    public const int MaxCompetencies = 64;

    private const string DefaultResourceName = "PartnerFunctions.Domain.default-program-definition.json";

    /// <summary>JSON options of the definition document: camelCase, unknown members rejected so typos surface.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Parses and validates a definition.</summary>
    public static DefinitionLoadResult Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProgramDefinitionDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ProgramDefinitionDocument>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            return Fail(new DefinitionError(JsonPath(ex.Path), DescribeJsonError(ex)));
        }

        return document is null ? Fail(new DefinitionError("$", "must be a JSON object")) : ProgramDefinitionValidator.Validate(document);
    }

    /// <summary>Parses and validates a definition, throwing with every error when it is not valid.</summary>
    public static ProgramDefinition LoadOrThrow(string json)
    {
        var result = Load(json);
        return result.Definition ?? throw new InvalidProgramDefinitionException(result.Errors);
    }

    /// <summary>The default definition shipped with the product (PROGRAM.md's catalog and defaults).</summary>
    public static ProgramDefinition LoadDefault() => LoadOrThrow(DefaultJson());

    /// <summary>The JSON text of the default definition.</summary>
    public static string DefaultJson()
    {
        using var stream = typeof(ProgramDefinitionLoader).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Writes a definition back to its JSON document form (what is stored for every version).</summary>
    public static string ToJson(ProgramDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var document = new ProgramDefinitionDocument
        {
            Id = definition.Id,
            Version = definition.Version,
            Description = definition.Description,
            EffectiveDate = definition.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Currency = definition.Currency,
            RevenueWindowMonths = definition.RevenueWindowMonths,
            AccreditationValidityMonths = definition.AccreditationValidityMonths,
            AccreditationReminderDays = definition.AccreditationReminderDays,
            MigrationReminderDays = definition.MigrationReminderDays,
            LegacyParallelRunMonths = definition.LegacyParallelRunMonths,
            UnresolvedDuplicates = UnresolvedDuplicatePolicies.NameOf(definition.UnresolvedDuplicates),
            Downgrade = new DowngradeDocument
            {
                Mode = definition.Downgrade.Mode == DowngradeMode.GracePeriod ? "gracePeriod" : "staffDecision",
                GracePeriodDays = definition.Downgrade.GracePeriodDays,
            },
            Tiers = definition.Tiers.Select(t => new TierDocument
            {
                Tier = TierName(t.Tier),
                MinRevenue = t.MinRevenue,
                MinCompetencies = t.MinCompetencies,
            }).ToArray(),
            Competencies = definition.Competencies.Select(c => new CompetencyDocument
            {
                Id = c.Id,
                Name = c.Name,
                Market = MarketName(c.Market),
                LegacySpecializations = c.LegacySpecializations.ToArray(),
                Levels = new LevelsDocument { Principal = ToDocument(c.Principal), Expert = ToDocument(c.Expert) },
            }).ToArray(),
            RetiredSpecializations = definition.RetiredSpecializations
                .Select(r => new RetiredSpecializationDocument { Id = r.Id, Note = r.Note, NoteFr = r.NoteFr }).ToArray(),
            CountryGroups = definition.CountryGroups.Count == 0 ? null : definition.CountryGroups.Select(ToDocument).ToArray(),
            Currencies = definition.Currencies.Count == 0 ? null : definition.Currencies.Select(c => new CurrencyDocument
            {
                Code = c.Code,
                Rates = c.Rates.Select(r => new RateDocument { Month = r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), Rate = r.Rate }).ToArray(),
            }).ToArray(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>The JSON name of a market.</summary>
    public static string MarketName(Market market) => market switch
    {
        Market.Enterprise => "enterprise",
        Market.Midmarket => "midmarket",
        Market.SmallBusiness => "smallbusiness",
        _ => throw new ArgumentOutOfRangeException(nameof(market)),
    };

    /// <summary>Parses a market's JSON name.</summary>
    public static Market? ParseMarket(string? value) => value switch
    {
        "enterprise" => Market.Enterprise,
        "midmarket" => Market.Midmarket,
        "smallbusiness" => Market.SmallBusiness,
        _ => null,
    };

    /// <summary>The JSON name of a tier.</summary>
    public static string TierName(Tier tier) => tier.ToString().ToLowerInvariant();

    /// <summary>Parses a tier's JSON name.</summary>
    public static Tier? ParseTier(string? value) => value switch
    {
        "registered" => Tier.Registered,
        "silver" => Tier.Silver,
        "gold" => Tier.Gold,
        "platinum" => Tier.Platinum,
        _ => null,
    };

    private static LevelRequirementDocument ToDocument(LevelRequirement requirement) => new()
    {
        MinAccreditedPeople = requirement.MinAccreditedPeople,
        MinRevenue = requirement.MinRevenue,
        MinValidatedReferences = requirement.MinValidatedReferences,
        MinSatisfaction = requirement.MinSatisfaction,
    };

    private static CountryGroupDocument ToDocument(CountryGroup group) => new()
    {
        Id = group.Id,
        Name = group.Name,
        Countries = group.Countries.ToArray(),
        Currency = group.Currency,
        Tiers = group.Tiers.Count == 0 ? null : group.Tiers.Select(t => new TierDocument { Tier = TierName(t.Tier), MinRevenue = t.MinRevenue, MinCompetencies = t.MinCompetencies }).ToArray(),
        Competencies = group.Competencies.Count == 0 ? null : group.Competencies.Select(c => new CompetencyOverrideDocument
        {
            Id = c.CompetencyId,
            Levels = new LevelsDocument { Principal = ToDocument(c.Principal), Expert = ToDocument(c.Expert) },
        }).ToArray(),
    };

    private static LevelRequirementDocument? ToDocument(LevelRequirementOverride? change) => change is null ? null : new()
    {
        MinAccreditedPeople = change.MinAccreditedPeople,
        MinRevenue = change.MinRevenue,
        MinValidatedReferences = change.MinValidatedReferences,
        MinSatisfaction = change.MinSatisfaction,
    };

    private static DefinitionLoadResult Fail(params DefinitionError[] errors) => new(null, errors);

    private static string JsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string DescribeJsonError(JsonException ex)
    {
        // The serializer's own text names .NET types; keep the part a person editing JSON can act on.
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a known member of the program definition";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "has a value of the wrong type";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "is not valid JSON: " + (cut > 0 ? message[..cut] : message);
    }

    [GeneratedRegex("\\A[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant)]
    internal static partial Regex IdPattern();
}
