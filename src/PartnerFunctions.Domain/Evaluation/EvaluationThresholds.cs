using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// A definition's thresholds laid out for the evaluator's hot loop: one flat array of level bars (Principal and Expert
/// of each competency side by side) and the tiers from the highest down, with revenue minimums also in whole
/// ten-thousandths so that scaled revenue sums are compared as integers. Built once per definition.
/// </summary>
internal sealed class EvaluationThresholds
{
    private readonly LevelBar[] _bars;
    private readonly TierBar[] _tiersDescending;

    public EvaluationThresholds(IReadOnlyList<Competency> competencies, IReadOnlyList<TierThreshold> tiers)
    {
        _bars = new LevelBar[competencies.Count * 2];
        Markets = new Market[competencies.Count];
        for (var i = 0; i < competencies.Count; i++)
        {
            _bars[2 * i] = new LevelBar(competencies[i].Principal);
            _bars[(2 * i) + 1] = new LevelBar(competencies[i].Expert);
            Markets[i] = competencies[i].Market;
        }

        _tiersDescending = tiers.OrderByDescending(t => t.Tier).Select(t => new TierBar(t)).ToArray();
        for (var i = 0; i < competencies.Count; i++)
        {
            if (LevelOf(i, default, 0, scaled: true) != CompetencyLevel.None)
            {
                HeldWithoutEvidence |= 1UL << i;
            }
        }
    }

    /// <summary>Competencies whose Principal level an empty standing meets (every minimum zero): held with no evidence.</summary>
    public ulong HeldWithoutEvidence { get; }

    /// <summary>Each competency's market, by catalog index.</summary>
    public Market[] Markets { get; }

    /// <summary>
    /// The level a standing supports. <paramref name="revenueUnits"/> is its revenue in ten-thousandths when
    /// <paramref name="scaled"/>; otherwise the standing's decimal revenue is compared.
    /// </summary>
    public CompetencyLevel LevelOf(int index, in CompetencyStanding standing, long revenueUnits, bool scaled)
    {
        // Expert thresholds are never below Principal's (the loader enforces it), so Principal is checked first:
        // most competencies of most partners fail it at once, on the number of accredited people.
        ref readonly var principal = ref _bars[2 * index];
        if (!principal.IsMetBy(standing, revenueUnits, scaled))
        {
            return CompetencyLevel.None;
        }

        return _bars[(2 * index) + 1].IsMetBy(standing, revenueUnits, scaled) ? CompetencyLevel.Expert : CompetencyLevel.Principal;
    }

    /// <summary>The highest tier whose revenue and competency thresholds both hold (revenue in ten-thousandths).</summary>
    public Tier TierFor(long totalUnits, int competenciesHeld)
    {
        foreach (ref readonly var bar in _tiersDescending.AsSpan())
        {
            if (competenciesHeld >= bar.MinCompetencies && totalUnits >= bar.MinRevenueUnits)
            {
                return bar.Tier;
            }
        }

        return Tier.Registered;
    }

    /// <summary>The highest tier whose revenue and competency thresholds both hold.</summary>
    public Tier TierFor(decimal totalRevenue, int competenciesHeld)
    {
        foreach (ref readonly var bar in _tiersDescending.AsSpan())
        {
            if (competenciesHeld >= bar.MinCompetencies && totalRevenue >= bar.MinRevenue)
            {
                return bar.Tier;
            }
        }

        return Tier.Registered;
    }

    /// <summary>
    /// The smallest whole number of ten-thousandths at or above <paramref name="amount"/>: a sum held in
    /// ten-thousandths is >= amount exactly when its units are >= this. Saturates where no sum can reach.
    /// </summary>
    internal static long CeilingUnits(decimal amount)
    {
        try
        {
            var units = decimal.Ceiling(amount * RevenueFact.UnitsPerWhole);
            return units >= long.MaxValue ? long.MaxValue : units <= long.MinValue ? long.MinValue : (long)units;
        }
        catch (OverflowException)
        {
            return amount > 0 ? long.MaxValue : long.MinValue;
        }
    }

    private readonly struct LevelBar(LevelRequirement requirement)
    {
        private readonly long _minRevenueUnits = CeilingUnits(requirement.MinRevenue);
        private readonly int _minPeople = requirement.MinAccreditedPeople;
        private readonly int _minReferences = requirement.MinValidatedReferences;
        private readonly LevelRequirement _requirement = requirement;

        public bool IsMetBy(in CompetencyStanding standing, long revenueUnits, bool scaled) =>
            standing.AccreditedPeople >= _minPeople
            && standing.ValidatedReferences >= _minReferences
            && (scaled ? revenueUnits >= _minRevenueUnits : standing.Revenue >= _requirement.MinRevenue)
            && CompetencyClauses.SatisfactionMet(_requirement, standing);
    }

    private readonly struct TierBar(TierThreshold threshold)
    {
        public Tier Tier { get; } = threshold.Tier;

        public int MinCompetencies { get; } = threshold.MinCompetencies;

        public long MinRevenueUnits { get; } = CeilingUnits(threshold.MinRevenue);

        public decimal MinRevenue { get; } = threshold.MinRevenue;
    }
}
