using PartnerFunctions.Domain.Evaluation;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// The thresholds one partner meets: the definition's defaults, or a country group's overrides laid over them. Built
/// once per group when the definition is built; evaluations of that group's partners share it.
/// </summary>
internal sealed class ThresholdSet
{
    public ThresholdSet(CountryGroup? group, IReadOnlyList<Competency> defaults, IReadOnlyList<TierThreshold> defaultTiers)
    {
        Group = group;
        if (group is null)
        {
            Competencies = defaults;
            Tiers = defaultTiers;
        }
        else
        {
            Competencies = defaults.Select(c => Apply(c, group.Competencies.FirstOrDefault(o => string.Equals(o.CompetencyId, c.Id, StringComparison.Ordinal)))).ToArray();
            Tiers = defaultTiers.Select(t => group.Tiers.FirstOrDefault(o => o.Tier == t.Tier)?.ApplyTo(t) ?? t).ToArray();
        }

        Evaluation = new EvaluationThresholds(Competencies, Tiers);
    }

    /// <summary>The group, or null for the default thresholds.</summary>
    public CountryGroup? Group { get; }

    /// <summary>The catalog with this set's level figures (same order, ids and markets as the definition's).</summary>
    public IReadOnlyList<Competency> Competencies { get; }

    /// <summary>Silver, Gold and Platinum with this set's figures, ascending.</summary>
    public IReadOnlyList<TierThreshold> Tiers { get; }

    /// <summary>The same thresholds laid out for the evaluator.</summary>
    public EvaluationThresholds Evaluation { get; }

    /// <summary>The threshold of a tier (Registered asks nothing).</summary>
    public TierThreshold ThresholdFor(Tier tier) =>
        tier == Tier.Registered ? new TierThreshold(Tier.Registered, 0m, 0) : Tiers.First(t => t.Tier == tier);

    private static Competency Apply(Competency competency, CompetencyThresholdOverride? change) =>
        change is null
            ? competency
            : competency with
            {
                Principal = change.Principal?.ApplyTo(competency.Principal) ?? competency.Principal,
                Expert = change.Expert?.ApplyTo(competency.Expert) ?? competency.Expert,
            };
}
