using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Domain.Program;

/// <summary>A rule a program definition breaks, at a JSON path such as "competencies[3].levels.expert.minAccreditedPeople".</summary>
public sealed record DefinitionError(string Path, string Message)
{
    public override string ToString() => $"{Path} {Message}";
}

/// <summary>Either a valid definition or every error found; never a partly built definition.</summary>
public sealed record DefinitionLoadResult(ProgramDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Definition is not null;
}

/// <summary>Thrown by <see cref="ProgramDefinitionLoader.LoadOrThrow"/> with every error found.</summary>
public sealed class InvalidProgramDefinitionException : Exception
{
    public InvalidProgramDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base("Invalid program definition: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public InvalidProgramDefinitionException()
        : this([])
    {
    }

    public InvalidProgramDefinitionException(string message)
        : base(message)
    {
        Errors = [];
    }

    public InvalidProgramDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<DefinitionError> Errors { get; }
}

/// <summary>Loads program definitions from JSON and validates every rule, naming the JSON path at fault.</summary>
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

        return document is null ? Fail(new DefinitionError("$", "must be a JSON object")) : Validate(document);
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
                .Select(r => new RetiredSpecializationDocument { Id = r.Id, Note = r.Note }).ToArray(),
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

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    private static DefinitionLoadResult Validate(ProgramDefinitionDocument d)
    {
        var errors = new List<DefinitionError>();
        void Error(string path, string message) => errors.Add(new DefinitionError(path, message));

        if (string.IsNullOrWhiteSpace(d.Id))
        {
            Error("id", "is required");
        }
        else if (!IdPattern().IsMatch(d.Id))
        {
            Error("id", "must be lowercase letters, digits and dashes (at most 63)");
        }

        if (d.Version is null)
        {
            Error("version", "is required");
        }
        else if (d.Version < 1)
        {
            Error("version", "must be >= 1");
        }

        var effectiveDate = default(DateOnly);
        if (d.EffectiveDate is null)
        {
            Error("effectiveDate", "is required");
        }
        else if (!DateOnly.TryParseExact(d.EffectiveDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out effectiveDate))
        {
            Error("effectiveDate", "must be a date written yyyy-MM-dd");
        }

        if (d.Currency is null)
        {
            Error("currency", "is required");
        }
        else if (!CurrencyPattern().IsMatch(d.Currency))
        {
            Error("currency", "must be an ISO 4217 code of three capital letters");
        }

        RequireRange(d.RevenueWindowMonths, "revenueWindowMonths", 1, 36, Error);
        RequireRange(d.AccreditationValidityMonths, "accreditationValidityMonths", 1, 120, Error);
        ValidateDays(d.AccreditationReminderDays, "accreditationReminderDays", Error);
        ValidateDays(d.MigrationReminderDays, "migrationReminderDays", Error);

        DowngradePolicy? downgrade = null;
        if (d.Downgrade is null)
        {
            Error("downgrade", "is required");
        }
        else
        {
            var mode = d.Downgrade.Mode switch
            {
                "gracePeriod" => DowngradeMode.GracePeriod,
                "staffDecision" => DowngradeMode.StaffDecision,
                _ => (DowngradeMode?)null,
            };
            if (mode is null)
            {
                Error("downgrade.mode", "must be one of gracePeriod, staffDecision");
            }

            if (d.Downgrade.GracePeriodDays is null)
            {
                Error("downgrade.gracePeriodDays", "is required");
            }
            else if (d.Downgrade.GracePeriodDays < 1 || d.Downgrade.GracePeriodDays > 730)
            {
                Error("downgrade.gracePeriodDays", "must be between 1 and 730");
            }

            if (mode is not null && d.Downgrade.GracePeriodDays is >= 1 and <= 730)
            {
                downgrade = new DowngradePolicy(mode.Value, d.Downgrade.GracePeriodDays.Value);
            }
        }

        var competencies = ValidateCompetencies(d.Competencies, Error);
        var tiers = ValidateTiers(d.Tiers, competencies?.Count, Error);
        var retired = ValidateRetired(d.RetiredSpecializations, competencies, Error);

        if (errors.Count > 0)
        {
            return new DefinitionLoadResult(null, errors);
        }

        return new DefinitionLoadResult(
            new ProgramDefinition(
                d.Id!,
                d.Version!.Value,
                string.IsNullOrWhiteSpace(d.Description) ? null : d.Description.Trim(),
                effectiveDate,
                d.Currency!,
                d.RevenueWindowMonths!.Value,
                d.AccreditationValidityMonths!.Value,
                d.AccreditationReminderDays!.OrderDescending().ToArray(),
                d.MigrationReminderDays!.OrderDescending().ToArray(),
                downgrade!,
                tiers!,
                competencies!,
                retired!),
            []);
    }

    private static void RequireRange(int? value, string path, int min, int max, Action<string, string> error)
    {
        if (value is null)
        {
            error(path, "is required");
        }
        else if (value < min || value > max)
        {
            error(path, FormattableString.Invariant($"must be between {min} and {max}"));
        }
    }

    private static void ValidateDays(IReadOnlyList<int>? days, string path, Action<string, string> error)
    {
        if (days is null)
        {
            error(path, "is required");
            return;
        }

        var seen = new HashSet<int>();
        for (var i = 0; i < days.Count; i++)
        {
            if (days[i] < 1 || days[i] > 730)
            {
                error(FormattableString.Invariant($"{path}[{i}]"), "must be between 1 and 730 days");
            }
            else if (!seen.Add(days[i]))
            {
                error(FormattableString.Invariant($"{path}[{i}]"), FormattableString.Invariant($"repeats {days[i]}"));
            }
        }
    }

    private static List<Competency>? ValidateCompetencies(IReadOnlyList<CompetencyDocument?>? documents, Action<string, string> error)
    {
        if (documents is null || documents.Count == 0)
        {
            error("competencies", "must list at least one competency");
            return null;
        }

        if (documents.Count > MaxCompetencies)
        {
            error("competencies", FormattableString.Invariant($"must list at most {MaxCompetencies} competencies"));
            return null;
        }

        var result = new List<Competency>(documents.Count);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < documents.Count; i++)
        {
            var path = FormattableString.Invariant($"competencies[{i}]");
            var c = documents[i];
            if (c is null)
            {
                error(path, "must be an object");
                valid = false;
                continue;
            }

            var ok = true;
            if (string.IsNullOrWhiteSpace(c.Id))
            {
                error(path + ".id", "is required");
                ok = false;
            }
            else if (!IdPattern().IsMatch(c.Id))
            {
                error(path + ".id", "must be lowercase letters, digits and dashes (at most 63)");
                ok = false;
            }
            else if (ids.TryGetValue(c.Id, out var first))
            {
                error(path + ".id", FormattableString.Invariant($"repeats the id of competencies[{first}] ('{c.Id}')"));
                ok = false;
            }
            else
            {
                ids[c.Id] = i;
            }

            if (string.IsNullOrWhiteSpace(c.Name))
            {
                error(path + ".name", "is required");
                ok = false;
            }

            var market = ParseMarket(c.Market);
            if (market is null)
            {
                error(path + ".market", "must be one of enterprise, midmarket, smallbusiness");
                ok = false;
            }

            var legacy = new List<string>();
            if (c.LegacySpecializations is null)
            {
                error(path + ".legacySpecializations", "is required (use [] for a new competency)");
                ok = false;
            }
            else
            {
                for (var j = 0; j < c.LegacySpecializations.Count; j++)
                {
                    var value = c.LegacySpecializations[j];
                    if (value is null || !IdPattern().IsMatch(value))
                    {
                        error(FormattableString.Invariant($"{path}.legacySpecializations[{j}]"), "must be a specialization id (lowercase letters, digits and dashes)");
                        ok = false;
                    }
                    else if (legacy.Contains(value, StringComparer.Ordinal))
                    {
                        error(FormattableString.Invariant($"{path}.legacySpecializations[{j}]"), $"repeats '{value}'");
                        ok = false;
                    }
                    else
                    {
                        legacy.Add(value);
                    }
                }
            }

            LevelRequirement? principal = null, expert = null;
            if (c.Levels is null)
            {
                error(path + ".levels", "is required");
                ok = false;
            }
            else
            {
                principal = ValidateLevel(c.Levels.Principal, path + ".levels.principal", error);
                expert = ValidateLevel(c.Levels.Expert, path + ".levels.expert", error);
                if (principal is not null && expert is not null)
                {
                    ok &= CompareLevels(principal, expert, path + ".levels.expert", error);
                }
                else
                {
                    ok = false;
                }
            }

            if (ok)
            {
                result.Add(new Competency(c.Id!, c.Name!.Trim(), market!.Value, legacy, principal!, expert!));
            }
            else
            {
                valid = false;
            }
        }

        return valid ? result : null;
    }

    private static LevelRequirement? ValidateLevel(LevelRequirementDocument? level, string path, Action<string, string> error)
    {
        if (level is null)
        {
            error(path, "is required");
            return null;
        }

        var ok = true;
        if (level.MinAccreditedPeople is null)
        {
            error(path + ".minAccreditedPeople", "is required");
            ok = false;
        }
        else if (level.MinAccreditedPeople < 0)
        {
            error(path + ".minAccreditedPeople", "must be >= 0");
            ok = false;
        }

        if (level.MinRevenue is null)
        {
            error(path + ".minRevenue", "is required");
            ok = false;
        }
        else if (level.MinRevenue < 0)
        {
            error(path + ".minRevenue", "must be >= 0");
            ok = false;
        }

        if (level.MinValidatedReferences is null)
        {
            error(path + ".minValidatedReferences", "is required");
            ok = false;
        }
        else if (level.MinValidatedReferences < 0)
        {
            error(path + ".minValidatedReferences", "must be >= 0");
            ok = false;
        }

        if (level.MinSatisfaction is < 0 or > 5)
        {
            error(path + ".minSatisfaction", "must be between 0 and 5");
            ok = false;
        }

        return ok
            ? new LevelRequirement(level.MinAccreditedPeople!.Value, level.MinRevenue!.Value, level.MinValidatedReferences!.Value, level.MinSatisfaction)
            : null;
    }

    // Expert is the advanced level: none of its thresholds may be below Principal's.
    private static bool CompareLevels(LevelRequirement principal, LevelRequirement expert, string path, Action<string, string> error)
    {
        var ok = true;
        if (expert.MinAccreditedPeople < principal.MinAccreditedPeople)
        {
            error(path + ".minAccreditedPeople", FormattableString.Invariant($"must be >= principal's ({principal.MinAccreditedPeople})"));
            ok = false;
        }

        if (expert.MinRevenue < principal.MinRevenue)
        {
            error(path + ".minRevenue", FormattableString.Invariant($"must be >= principal's ({principal.MinRevenue})"));
            ok = false;
        }

        if (expert.MinValidatedReferences < principal.MinValidatedReferences)
        {
            error(path + ".minValidatedReferences", FormattableString.Invariant($"must be >= principal's ({principal.MinValidatedReferences})"));
            ok = false;
        }

        if (principal.MinSatisfaction is { } p && (expert.MinSatisfaction is null || expert.MinSatisfaction < p))
        {
            error(path + ".minSatisfaction", FormattableString.Invariant($"must be >= principal's ({p})"));
            ok = false;
        }

        return ok;
    }

    private static List<TierThreshold>? ValidateTiers(IReadOnlyList<TierDocument?>? documents, int? competencyCount, Action<string, string> error)
    {
        if (documents is null)
        {
            error("tiers", "is required");
            return null;
        }

        var result = new List<TierThreshold>();
        var positions = new Dictionary<Tier, int>();
        var ok = true;
        for (var i = 0; i < documents.Count; i++)
        {
            var path = FormattableString.Invariant($"tiers[{i}]");
            var t = documents[i];
            if (t is null)
            {
                error(path, "must be an object");
                ok = false;
                continue;
            }

            var tier = ParseTier(t.Tier);
            if (tier is null or Tier.Registered)
            {
                error(path + ".tier", "must be one of silver, gold, platinum");
                ok = false;
            }
            else if (positions.TryGetValue(tier.Value, out var first))
            {
                error(path + ".tier", FormattableString.Invariant($"repeats tiers[{first}] ('{t.Tier}')"));
                ok = false;
            }
            else
            {
                positions[tier.Value] = i;
            }

            if (t.MinRevenue is null)
            {
                error(path + ".minRevenue", "is required");
                ok = false;
            }
            else if (t.MinRevenue < 0)
            {
                error(path + ".minRevenue", "must be >= 0");
                ok = false;
            }

            if (t.MinCompetencies is null)
            {
                error(path + ".minCompetencies", "is required");
                ok = false;
            }
            else if (t.MinCompetencies < 0)
            {
                error(path + ".minCompetencies", "must be >= 0");
                ok = false;
            }
            else if (competencyCount is { } count && t.MinCompetencies > count)
            {
                error(path + ".minCompetencies", FormattableString.Invariant($"must be <= the number of competencies ({count})"));
                ok = false;
            }

            if (ok)
            {
                result.Add(new TierThreshold(tier!.Value, t.MinRevenue!.Value, t.MinCompetencies!.Value));
            }
        }

        foreach (var required in new[] { Tier.Silver, Tier.Gold, Tier.Platinum })
        {
            if (!positions.ContainsKey(required))
            {
                error("tiers", $"must define {TierName(required)}");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        // Each tier up must ask at least as much as the one below it, or a partner could skip a tier.
        var ordered = result.OrderBy(t => t.Tier).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            var path = FormattableString.Invariant($"tiers[{positions[ordered[i].Tier]}]");
            var below = TierName(ordered[i - 1].Tier);
            if (ordered[i].MinRevenue < ordered[i - 1].MinRevenue)
            {
                error(path + ".minRevenue", FormattableString.Invariant($"must be >= {below}'s ({ordered[i - 1].MinRevenue})"));
                ok = false;
            }

            if (ordered[i].MinCompetencies < ordered[i - 1].MinCompetencies)
            {
                error(path + ".minCompetencies", FormattableString.Invariant($"must be >= {below}'s ({ordered[i - 1].MinCompetencies})"));
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static List<RetiredSpecialization>? ValidateRetired(
        IReadOnlyList<RetiredSpecializationDocument?>? documents,
        List<Competency>? competencies,
        Action<string, string> error)
    {
        if (documents is null)
        {
            error("retiredSpecializations", "is required (use [] when none)");
            return null;
        }

        var folded = competencies?.SelectMany(c => c.LegacySpecializations.Select(l => (Legacy: l, c.Id)))
            .GroupBy(x => x.Legacy, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal) ?? [];
        var result = new List<RetiredSpecialization>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < documents.Count; i++)
        {
            var path = FormattableString.Invariant($"retiredSpecializations[{i}]");
            var r = documents[i];
            if (r is null)
            {
                error(path, "must be an object");
                ok = false;
                continue;
            }

            if (r.Id is null || !IdPattern().IsMatch(r.Id))
            {
                error(path + ".id", "must be a specialization id (lowercase letters, digits and dashes)");
                ok = false;
            }
            else if (seen.TryGetValue(r.Id, out var first))
            {
                error(path + ".id", FormattableString.Invariant($"repeats retiredSpecializations[{first}] ('{r.Id}')"));
                ok = false;
            }
            else if (folded.TryGetValue(r.Id, out var competencyId))
            {
                error(path + ".id", $"is folded into competency '{competencyId}' and cannot also be retired");
                ok = false;
            }
            else
            {
                seen[r.Id] = i;
            }

            if (string.IsNullOrWhiteSpace(r.Note))
            {
                error(path + ".note", "is required: partners holding it receive this note");
                ok = false;
            }

            if (ok)
            {
                result.Add(new RetiredSpecialization(r.Id!, r.Note!.Trim()));
            }
        }

        return ok ? result : null;
    }
}
