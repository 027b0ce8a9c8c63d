using PartnerFunctions.Domain.Evidence;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// The rules of a definition's country groups: ids, assigned country codes in one group at most, a known currency,
/// and overrides naming known tiers and competencies. The thresholds a group ends with (defaults plus its
/// overrides) obey the default's rules: tiers ascending, Expert at least Principal.
/// </summary>
internal static class CountryGroupValidator
{
    public static List<CountryGroup>? ValidateGroups(
        IReadOnlyList<CountryGroupDocument?>? documents,
        List<Competency>? catalog,
        List<TierThreshold>? tiers,
        string? programCurrency,
        List<ProgramCurrency>? currencies,
        Action<string, string> error)
    {
        if (documents is null)
        {
            return [];
        }

        var result = new List<CountryGroup>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var countries = new Dictionary<string, string>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < documents.Count; i++)
        {
            var path = FormattableString.Invariant($"countryGroups[{i}]");
            var g = documents[i];
            if (g is null)
            {
                error(path, "must be an object");
                valid = false;
                continue;
            }

            var ok = true;
            if (g.Id is null || !ProgramDefinitionLoader.IdPattern().IsMatch(g.Id))
            {
                error(path + ".id", "must be lowercase letters, digits and dashes (at most 63)");
                ok = false;
            }
            else if (ids.TryGetValue(g.Id, out var first))
            {
                error(path + ".id", FormattableString.Invariant($"repeats countryGroups[{first}] ('{g.Id}')"));
                ok = false;
            }
            else
            {
                ids[g.Id] = i;
            }

            if (string.IsNullOrWhiteSpace(g.Name))
            {
                error(path + ".name", "is required");
                ok = false;
            }

            ok &= ValidateCountries(g.Countries, path, countries, error);
            // With currencies in error (null) their own errors are reported; a group naming one is not checked again.
            if (g.Currency is not null && currencies is not null && !string.Equals(g.Currency, programCurrency, StringComparison.Ordinal)
                && !currencies.Any(c => string.Equals(c.Code, g.Currency, StringComparison.Ordinal)))
            {
                error(path + ".currency", $"is not a currency of this definition (the program currency {programCurrency} or one listed in currencies)");
                ok = false;
            }

            var tierOverrides = ValidateTierOverrides(g.Tiers, path, catalog?.Count, error);
            var levelOverrides = ValidateLevelOverrides(g.Competencies, path, catalog, error);
            if (!ok || tierOverrides is null || levelOverrides is null)
            {
                valid = false;
                continue;
            }

            var group = new CountryGroup(
                g.Id!,
                g.Name!.Trim(),
                g.Countries!.Select(c => c!).ToArray(),
                string.Equals(g.Currency, programCurrency, StringComparison.Ordinal) ? null : g.Currency,
                tierOverrides,
                levelOverrides);
            if (catalog is not null && tiers is not null && !CheckResultingThresholds(group, g, path, catalog, tiers, error))
            {
                valid = false;
                continue;
            }

            result.Add(group);
        }

        return valid ? result : null;
    }

    private static bool ValidateCountries(IReadOnlyList<string?>? codes, string path, Dictionary<string, string> seen, Action<string, string> error)
    {
        if (codes is null || codes.Count == 0)
        {
            error(path + ".countries", "must list at least one country");
            return false;
        }

        var ok = true;
        for (var j = 0; j < codes.Count; j++)
        {
            var at = FormattableString.Invariant($"{path}.countries[{j}]");
            var code = codes[j];
            if (code is null || !CountryCodes.IsAssigned(code))
            {
                error(at, "must be an assigned ISO 3166-1 alpha-2 code in capitals (e.g. FR)");
                ok = false;
            }
            else if (seen.TryGetValue(code, out var where))
            {
                error(at, $"{code} is already in {where}: a country is in one group at most");
                ok = false;
            }
            else
            {
                seen[code] = at;
            }
        }

        return ok;
    }

    private static List<TierThresholdOverride>? ValidateTierOverrides(IReadOnlyList<TierDocument?>? documents, string groupPath, int? competencyCount, Action<string, string> error)
    {
        var result = new List<TierThresholdOverride>();
        var ok = true;
        for (var k = 0; k < (documents?.Count ?? 0); k++)
        {
            var path = FormattableString.Invariant($"{groupPath}.tiers[{k}]");
            var t = documents![k];
            var tier = ProgramDefinitionLoader.ParseTier(t?.Tier);
            if (t is null)
            {
                error(path, "must be an object");
                ok = false;
                continue;
            }

            if (tier is null or Tier.Registered)
            {
                error(path + ".tier", "must be one of silver, gold, platinum");
                ok = false;
            }
            else if (result.Any(o => o.Tier == tier))
            {
                error(path + ".tier", $"repeats {t.Tier} in this group");
                ok = false;
            }

            if (t.MinRevenue is null && t.MinCompetencies is null)
            {
                error(path, "must give minRevenue, minCompetencies or both");
                ok = false;
            }

            if (t.MinRevenue < 0)
            {
                error(path + ".minRevenue", "must be >= 0");
                ok = false;
            }

            if (t.MinCompetencies < 0 || (competencyCount is { } count && t.MinCompetencies > count))
            {
                error(path + ".minCompetencies", FormattableString.Invariant($"must be from 0 to the number of competencies ({competencyCount})"));
                ok = false;
            }

            if (ok)
            {
                result.Add(new TierThresholdOverride(tier!.Value, t.MinRevenue, t.MinCompetencies));
            }
        }

        return ok ? result : null;
    }

    private static List<CompetencyThresholdOverride>? ValidateLevelOverrides(IReadOnlyList<CompetencyOverrideDocument?>? documents, string groupPath, List<Competency>? catalog, Action<string, string> error)
    {
        var result = new List<CompetencyThresholdOverride>();
        var ok = true;
        for (var k = 0; k < (documents?.Count ?? 0); k++)
        {
            var path = FormattableString.Invariant($"{groupPath}.competencies[{k}]");
            var c = documents![k];
            if (c is null)
            {
                error(path, "must be an object");
                ok = false;
                continue;
            }

            if (c.Id is null || (catalog is not null && !catalog.Any(x => string.Equals(x.Id, c.Id, StringComparison.Ordinal))))
            {
                error(path + ".id", "must be the id of a competency of the catalog");
                ok = false;
            }
            else if (result.Any(o => string.Equals(o.CompetencyId, c.Id, StringComparison.Ordinal)))
            {
                error(path + ".id", $"repeats '{c.Id}' in this group");
                ok = false;
            }

            if (c.Levels is null || (c.Levels.Principal is null && c.Levels.Expert is null))
            {
                error(path + ".levels", "must give principal, expert or both");
                ok = false;
                continue;
            }

            var principal = ValidateLevel(c.Levels.Principal, path + ".levels.principal", error);
            var expert = ValidateLevel(c.Levels.Expert, path + ".levels.expert", error);
            if (ok && principal.Ok && expert.Ok)
            {
                result.Add(new CompetencyThresholdOverride(c.Id!, principal.Override, expert.Override));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private static (bool Ok, LevelRequirementOverride? Override) ValidateLevel(LevelRequirementDocument? level, string path, Action<string, string> error)
    {
        if (level is null)
        {
            return (true, null);
        }

        var ok = true;
        if (level.MinAccreditedPeople is null && level.MinRevenue is null && level.MinValidatedReferences is null && level.MinSatisfaction is null)
        {
            error(path, "must give at least one figure");
            ok = false;
        }

        void AtLeastZero(decimal? value, string name)
        {
            if (value < 0)
            {
                error(path + "." + name, "must be >= 0");
                ok = false;
            }
        }

        AtLeastZero(level.MinAccreditedPeople, "minAccreditedPeople");
        AtLeastZero(level.MinRevenue, "minRevenue");
        AtLeastZero(level.MinValidatedReferences, "minValidatedReferences");
        if (level.MinSatisfaction is < 0 or > 5)
        {
            error(path + ".minSatisfaction", "must be between 0 and 5");
            ok = false;
        }

        return ok
            ? (true, new LevelRequirementOverride(level.MinAccreditedPeople, level.MinRevenue, level.MinValidatedReferences, level.MinSatisfaction))
            : (false, null);
    }

    // The group's figures laid over the defaults must still make sense: checked on the thresholds its partners meet.
    private static bool CheckResultingThresholds(CountryGroup group, CountryGroupDocument document, string path, List<Competency> catalog, List<TierThreshold> tiers, Action<string, string> error)
    {
        var set = new ThresholdSet(group, catalog, tiers.OrderBy(t => t.Tier).ToArray());
        var ok = CheckTiers(set.Tiers, document, path, error);
        for (var k = 0; k < group.Competencies.Count; k++)
        {
            var competency = set.Competencies[catalog.FindIndex(c => string.Equals(c.Id, group.Competencies[k].CompetencyId, StringComparison.Ordinal))];
            ok &= CompetencyDefinitionValidator.CompareLevels(competency.Principal, competency.Expert, FormattableString.Invariant($"{path}.competencies[{k}].levels.expert"), error);
        }

        return ok;
    }

    // An error names the group's own entry: the higher tier's when the group sets it, else the lower tier's (then the
    // default figure it went past is named).
    private static bool CheckTiers(IReadOnlyList<TierThreshold> resulting, CountryGroupDocument document, string path, Action<string, string> error)
    {
        string? PathOf(Tier tier)
        {
            var k = document.Tiers?.ToList().FindIndex(t => ProgramDefinitionLoader.ParseTier(t?.Tier) == tier) ?? -1;
            return k >= 0 ? FormattableString.Invariant($"{path}.tiers[{k}]") : null;
        }

        var ok = true;
        void Check(TierThreshold lower, TierThreshold higher, string field, decimal low, decimal high)
        {
            if (high >= low)
            {
                return;
            }

            ok = false;
            var lowerName = ProgramDefinitionLoader.TierName(lower.Tier);
            var higherName = ProgramDefinitionLoader.TierName(higher.Tier);
            if (PathOf(higher.Tier) is { } at)
            {
                error(at + "." + field, FormattableString.Invariant($"must be >= {lowerName}'s ({low})"));
            }
            else
            {
                error(PathOf(lower.Tier) + "." + field, FormattableString.Invariant($"must be <= {higherName}'s ({high}, the default)"));
            }
        }

        for (var i = 1; i < resulting.Count; i++)
        {
            Check(resulting[i - 1], resulting[i], "minRevenue", resulting[i - 1].MinRevenue, resulting[i].MinRevenue);
            Check(resulting[i - 1], resulting[i], "minCompetencies", resulting[i - 1].MinCompetencies, resulting[i].MinCompetencies);
        }

        return ok;
    }
}
