using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Migration;

/// <summary>Partners whose legacy specialization folds into a competency, by the level they would hold on the effective date.</summary>
public sealed record MigrationFlow(string LegacySpecialization, string CompetencyId, string CompetencyName, CompetencyLevel Level, int Partners);

/// <summary>Partners holding a legacy specialization that maps to no competency (retired at rollout, or unknown).</summary>
public sealed record MigrationEndedSpecialization(string LegacySpecialization, MigrationNoteKind Kind, int Partners);

/// <summary>A partner whose proposed tier is below its legacy tier.</summary>
public sealed record MigrationLoser(string PartnerId, string PartnerName, Tier LegacyTier, Tier ProposedTier);

/// <summary>
/// Where a migration's partners go: legacy specialization to competency and level, the specializations that end, and
/// the partners who lose status. Pages compute their part with <see cref="Of"/>; the report adds the parts with
/// <see cref="Plus"/> (the order of the parts does not change the result).
/// </summary>
public sealed record MigrationFlows(
    IReadOnlyList<MigrationFlow> Flows,
    IReadOnlyList<MigrationEndedSpecialization> Ended,
    IReadOnlyList<MigrationLoser> Losers)
{
    public static MigrationFlows Empty { get; } = new([], [], []);

    /// <summary>The flows of some partners' previews.</summary>
    public static MigrationFlows Of(IEnumerable<MigrationPreview> previews)
    {
        ArgumentNullException.ThrowIfNull(previews);
        var flows = new List<MigrationFlow>();
        var ended = new List<MigrationEndedSpecialization>();
        var losers = new List<MigrationLoser>();
        foreach (var preview in previews)
        {
            foreach (var candidate in preview.Candidates)
            {
                flows.AddRange(candidate.FromLegacy.Distinct(StringComparer.Ordinal)
                    .Select(legacy => new MigrationFlow(legacy, candidate.CompetencyId, candidate.Name, candidate.Level, 1)));
            }

            ended.AddRange(preview.Notes
                .DistinctBy(n => (n.LegacySpecialization, n.Kind))
                .Select(n => new MigrationEndedSpecialization(n.LegacySpecialization, n.Kind, 1)));
            if (preview.Outcome == MigrationOutcome.Lose)
            {
                losers.Add(new MigrationLoser(preview.PartnerId, preview.PartnerName, preview.LegacyTier, preview.ProposedTier));
            }
        }

        return Normalized(flows, ended, losers);
    }

    /// <summary>This part and another one together.</summary>
    public MigrationFlows Plus(MigrationFlows other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Normalized(Flows.Concat(other.Flows), Ended.Concat(other.Ended), Losers.Concat(other.Losers));
    }

    /// <summary>Partners whose legacy specialization flows into that competency, whatever the level.</summary>
    public int PartnersInto(string legacySpecialization, string competencyId) =>
        Flows.Where(f => f.LegacySpecialization == legacySpecialization && f.CompetencyId == competencyId).Sum(f => f.Partners);

    // One row per key, counts added, rows in key order; losers once each, by partner id.
    private static MigrationFlows Normalized(IEnumerable<MigrationFlow> flows, IEnumerable<MigrationEndedSpecialization> ended, IEnumerable<MigrationLoser> losers) =>
        new(
            flows.GroupBy(f => (f.LegacySpecialization, f.CompetencyId, f.Level))
                .Select(g => g.First() with { Partners = g.Sum(f => f.Partners) })
                .OrderBy(f => f.LegacySpecialization, StringComparer.Ordinal)
                .ThenBy(f => f.CompetencyId, StringComparer.Ordinal)
                .ThenBy(f => f.Level)
                .ToArray(),
            ended.GroupBy(e => (e.LegacySpecialization, e.Kind))
                .Select(g => g.First() with { Partners = g.Sum(e => e.Partners) })
                .OrderBy(e => e.Kind)
                .ThenBy(e => e.LegacySpecialization, StringComparer.Ordinal)
                .ToArray(),
            losers.DistinctBy(l => l.PartnerId).OrderBy(l => l.PartnerId, StringComparer.Ordinal).ToArray());
}
