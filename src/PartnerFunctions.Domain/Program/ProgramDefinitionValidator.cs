using System.Globalization;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// Checks every rule of a definition document read from JSON (dates, ranges, downgrade policy, tiers, retired
/// specializations; competencies in <see cref="CompetencyDefinitionValidator"/>) and builds the definition only when
/// none is broken, naming each JSON path at fault.
/// </summary>
internal static partial class ProgramDefinitionValidator
{
    [GeneratedRegex("\\A[A-Z]{3}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyPattern();

    public static DefinitionLoadResult Validate(ProgramDefinitionDocument d)
    {
        var errors = new List<DefinitionError>();
        void Error(string path, string message) => errors.Add(new DefinitionError(path, message));

        if (string.IsNullOrWhiteSpace(d.Id))
        {
            Error("id", "is required");
        }
        else if (!ProgramDefinitionLoader.IdPattern().IsMatch(d.Id))
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
        if (d.LegacyParallelRunMonths is { } parallel && parallel is < 0 or > ProgramDefinition.MaxLegacyParallelRunMonths)
        {
            Error("legacyParallelRunMonths", FormattableString.Invariant($"must be from 0 to {ProgramDefinition.MaxLegacyParallelRunMonths} months"));
        }

        if (d.UnresolvedDuplicates is { } duplicates && UnresolvedDuplicatePolicies.Parse(duplicates) is null)
        {
            Error("unresolvedDuplicates", duplicates == UnresolvedDuplicatePolicies.ExcludeName ? "\"exclude\" is not available yet: only \"count\"" : "must be \"count\"");
        }

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

        var competencies = CompetencyDefinitionValidator.ValidateCompetencies(d.Competencies, Error);
        var tiers = ValidateTiers(d.Tiers, competencies?.Count, Error);
        var retired = ValidateRetired(d.RetiredSpecializations, competencies, Error);
        var currencies = CurrencyDefinitionValidator.ValidateCurrencies(d.Currencies, d.Currency, Error);
        var groups = CountryGroupValidator.ValidateGroups(d.CountryGroups, competencies, tiers, d.Currency, currencies, Error);

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
                d.LegacyParallelRunMonths ?? ProgramDefinition.DefaultLegacyParallelRunMonths,
                downgrade!,
                tiers!,
                competencies!,
                retired!,
                groups!,
                currencies!,
                UnresolvedDuplicatePolicies.Parse(d.UnresolvedDuplicates) ?? UnresolvedDuplicatePolicy.Count),
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

            var tier = ProgramDefinitionLoader.ParseTier(t.Tier);
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
                error("tiers", $"must define {ProgramDefinitionLoader.TierName(required)}");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        ok &= CheckTiersAscending(result.OrderBy(t => t.Tier).ToArray(), tier => FormattableString.Invariant($"tiers[{positions[tier]}]"), error);
        return ok ? result : null;
    }

    /// <summary>
    /// Each tier up must ask at least as much as the one below it, or a partner could skip a tier. Errors name the
    /// path <paramref name="pathOf"/> gives the higher tier.
    /// </summary>
    internal static bool CheckTiersAscending(IReadOnlyList<TierThreshold> ordered, Func<Tier, string> pathOf, Action<string, string> error)
    {
        var ok = true;
        for (var i = 1; i < ordered.Count; i++)
        {
            var path = pathOf(ordered[i].Tier);
            var below = ProgramDefinitionLoader.TierName(ordered[i - 1].Tier);
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

        return ok;
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

            if (r.Id is null || !ProgramDefinitionLoader.IdPattern().IsMatch(r.Id))
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

            if (r.NoteFr is not null && string.IsNullOrWhiteSpace(r.NoteFr))
            {
                error(path + ".noteFr", "must not be empty: leave it out to send the English note");
                ok = false;
            }

            if (ok)
            {
                result.Add(new RetiredSpecialization(r.Id!, r.Note!.Trim(), r.NoteFr?.Trim()));
            }
        }

        return ok ? result : null;
    }
}
