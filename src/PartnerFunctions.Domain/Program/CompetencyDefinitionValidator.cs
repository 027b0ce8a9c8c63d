namespace PartnerFunctions.Domain.Program;

/// <summary>The rules of a definition's competency catalog: ids, names, markets, legacy mappings, the two levels.</summary>
internal static class CompetencyDefinitionValidator
{
    public static List<Competency>? ValidateCompetencies(IReadOnlyList<CompetencyDocument?>? documents, Action<string, string> error)
    {
        if (documents is null || documents.Count == 0)
        {
            error("competencies", "must list at least one competency");
            return null;
        }

        if (documents.Count > ProgramDefinitionLoader.MaxCompetencies)
        {
            error("competencies", FormattableString.Invariant($"must list at most {ProgramDefinitionLoader.MaxCompetencies} competencies"));
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
            else if (!ProgramDefinitionLoader.IdPattern().IsMatch(c.Id))
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

            var market = ProgramDefinitionLoader.ParseMarket(c.Market);
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
                    if (value is null || !ProgramDefinitionLoader.IdPattern().IsMatch(value))
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
    internal static bool CompareLevels(LevelRequirement principal, LevelRequirement expert, string path, Action<string, string> error)
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
}
