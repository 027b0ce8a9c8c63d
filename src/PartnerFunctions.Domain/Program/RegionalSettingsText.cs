using System.Globalization;
using System.Text;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// Country groups and exchange rates written invariantly for a definition diff: one line per group or currency, equal
/// exactly when the rules are equal (so comparing the lines finds every change).
/// </summary>
internal static class RegionalSettingsText
{
    /// <summary>e.g. "dach: AT CH DE; currency CHF; gold minRevenue 600000; endpoint-security-ent principal minRevenue 60000".</summary>
    public static string Group(CountryGroup group)
    {
        var text = new StringBuilder(group.Id).Append(": ").AppendJoin(' ', group.Countries.Order(StringComparer.Ordinal));
        if (group.Currency is not null)
        {
            text.Append("; currency ").Append(group.Currency);
        }

        foreach (var tier in group.Tiers.OrderBy(t => t.Tier))
        {
            text.Append("; ").Append(ProgramDefinitionLoader.TierName(tier.Tier));
            Figure(text, "minRevenue", tier.MinRevenue);
            Figure(text, "minCompetencies", tier.MinCompetencies);
        }

        foreach (var competency in group.Competencies.OrderBy(c => c.CompetencyId, StringComparer.Ordinal))
        {
            Level(text, competency.CompetencyId, "principal", competency.Principal);
            Level(text, competency.CompetencyId, "expert", competency.Expert);
        }

        return text.ToString();
    }

    /// <summary>e.g. "CHF: 2025-10..2026-09 1.065; 2026-10..2027-09 1.07" (runs of months at one rate).</summary>
    public static string Rates(ProgramCurrency currency)
    {
        var text = new StringBuilder(currency.Code).Append(':');
        var rates = currency.Rates;
        for (var start = 0; start < rates.Count;)
        {
            var end = start;
            while (end + 1 < rates.Count && rates[end + 1].Rate == rates[start].Rate)
            {
                end++;
            }

            text.Append(start == 0 ? " " : "; ").Append(Month(rates[start].Month));
            if (end > start)
            {
                text.Append("..").Append(Month(rates[end].Month));
            }

            text.Append(' ').Append(rates[start].Rate.ToString(CultureInfo.InvariantCulture));
            start = end + 1;
        }

        return text.ToString();
    }

    private static void Level(StringBuilder text, string competencyId, string level, LevelRequirementOverride? change)
    {
        if (change is null)
        {
            return;
        }

        text.Append("; ").Append(competencyId).Append(' ').Append(level);
        Figure(text, "minAccreditedPeople", change.MinAccreditedPeople);
        Figure(text, "minRevenue", change.MinRevenue);
        Figure(text, "minValidatedReferences", change.MinValidatedReferences);
        Figure(text, "minSatisfaction", change.MinSatisfaction);
    }

    private static void Figure(StringBuilder text, string name, decimal? value)
    {
        if (value is { } v)
        {
            text.Append(' ').Append(name).Append(' ').Append(v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
