namespace PartnerFunctions.Domain.Program;

/// <summary>
/// Countries whose partners meet thresholds of their own: each override replaces one figure of the definition's
/// default thresholds (the figures it leaves out stay the default's). Partners of a country in no group meet the
/// default thresholds. Every amount is in the program currency.
/// </summary>
/// <param name="Id">The group's id, e.g. "dach" (what receipts record).</param>
/// <param name="Name">What program staff call it, e.g. "Germany, Austria, Switzerland".</param>
/// <param name="Countries">ISO 3166-1 alpha-2 codes; a country is in one group at most.</param>
/// <param name="Currency">The currency its partners enter revenue in by default (the program's or one of the definition's currencies); null for the program currency.</param>
/// <param name="Tiers">Tier figures that differ from the default.</param>
/// <param name="Competencies">Level figures that differ from the default, by competency.</param>
public sealed record CountryGroup(
    string Id,
    string Name,
    IReadOnlyList<string> Countries,
    string? Currency,
    IReadOnlyList<TierThresholdOverride> Tiers,
    IReadOnlyList<CompetencyThresholdOverride> Competencies);

/// <summary>A tier's figures in a country group; a null figure keeps the default's.</summary>
public sealed record TierThresholdOverride(Tier Tier, decimal? MinRevenue, int? MinCompetencies)
{
    /// <summary>The default threshold with this override's figures.</summary>
    public TierThreshold ApplyTo(TierThreshold threshold) =>
        new(threshold.Tier, MinRevenue ?? threshold.MinRevenue, MinCompetencies ?? threshold.MinCompetencies);
}

/// <summary>A competency's level figures in a country group; a level left null keeps the default's.</summary>
public sealed record CompetencyThresholdOverride(string CompetencyId, LevelRequirementOverride? Principal, LevelRequirementOverride? Expert);

/// <summary>
/// One level's figures in a country group; a null figure keeps the default's. A satisfaction minimum can be set or
/// changed here, not removed (a group asks at least whether satisfaction is measured when the default does).
/// </summary>
public sealed record LevelRequirementOverride(int? MinAccreditedPeople, decimal? MinRevenue, int? MinValidatedReferences, decimal? MinSatisfaction)
{
    /// <summary>The default requirement with this override's figures.</summary>
    public LevelRequirement ApplyTo(LevelRequirement requirement) => new(
        MinAccreditedPeople ?? requirement.MinAccreditedPeople,
        MinRevenue ?? requirement.MinRevenue,
        MinValidatedReferences ?? requirement.MinValidatedReferences,
        MinSatisfaction ?? requirement.MinSatisfaction);
}
