using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Web;

/// <summary>Receipt clauses, tiers and levels in the page's language (the domain gives codes and figures only).</summary>
public static class ClauseText
{
    /// <summary>The clause's name.</summary>
    public static string Name(Clause clause, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return clause switch
        {
            Clause.AccreditedPeople => context.T("Accredited people", "Personnes accréditées"),
            Clause.CompetencyRevenue => context.T("Revenue in the competency (12 months)", "Chiffre d'affaires de la compétence (12 mois)"),
            Clause.ValidatedReferences => context.T("Validated customer references", "Références clients validées"),
            Clause.Satisfaction => context.T("Average customer satisfaction", "Satisfaction client moyenne"),
            Clause.TotalRevenue => context.T("Total revenue (12 months)", "Chiffre d'affaires total (12 mois)"),
            Clause.CompetenciesHeld => context.T("Competencies held", "Compétences détenues"),
            _ => clause.ToString(),
        };
    }

    /// <summary>"x of y" with the page's number format (money without decimals).</summary>
    public static string Progress(ClauseReceipt clause, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(context);
        var actual = clause.Actual is { } value ? Figure(clause.Clause, value, context) : context.T("not measured", "non mesurée");
        return context.T($"{actual} of {Figure(clause.Clause, clause.Required, context)}", $"{actual} sur {Figure(clause.Clause, clause.Required, context)}");
    }

    /// <summary>How far the clause is met, 0-100 (100 when met or not measurable).</summary>
    public static int Percent(ClauseReceipt clause)
    {
        ArgumentNullException.ThrowIfNull(clause);
        if (clause.Met || clause.Actual is null || clause.Required <= 0)
        {
            return 100;
        }

        return (int)Math.Clamp(Math.Floor(clause.Actual.Value * 100m / clause.Required), 0m, 99m);
    }

    /// <summary>A tier's name.</summary>
    public static string Tier(Tier tier, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ProgramText.Tier(tier, context.Language);
    }

    /// <summary>A competency level's name.</summary>
    public static string Level(CompetencyLevel level, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ProgramText.Level(level, context.Language);
    }

    /// <summary>A day in the page's language ("1er octobre 2026", "1 October 2026").</summary>
    public static string Day(DateOnly day, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ProgramText.Day(day, context.Language);
    }

    private static string Figure(Clause clause, decimal value, PageContext context) => clause switch
    {
        Clause.CompetencyRevenue or Clause.TotalRevenue => PageFormat.Number(value, context) + " €",
        Clause.Satisfaction => value.ToString("0.0", PageFormat.Numbers(context)) + " / 5",
        _ => PageFormat.Number(value, context),
    };
}
