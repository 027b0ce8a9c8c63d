using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>What a nightly run must do to one partner, computed with the domain alone (evaluator and tier change policy).</summary>
public sealed record ExpectedNightly(string PartnerId, TierChangeKind Change, bool NeedsDecision)
{
    public static ExpectedNightly For(ProgramDefinition definition, PartnerSnapshot snapshot, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(snapshot);
        var status = snapshot.Profile.Status;
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
        var change = TierChangePolicy.Apply(status.TierState, evaluation.Tier, asOf, definition.Downgrade);
        var levels = new Dictionary<string, CompetencyLevel>(StringComparer.Ordinal);
        for (var i = 0; i < evaluation.Standings.Length; i++)
        {
            if (evaluation.Standings[i].Level != CompetencyLevel.None)
            {
                levels[definition.Competencies[i].Id] = evaluation.Standings[i].Level;
            }
        }

        var sameLevels = levels.Count == status.CompetencyLevels.Count
            && levels.All(l => status.CompetencyLevels.TryGetValue(l.Key, out var held) && held == l.Value);

        // The nightly records a decision only when something moved (tier, state, levels or definition version).
        var needsDecision = change.Kind != TierChangeKind.Unchanged || change.State != status.TierState || !sameLevels
            || status.DefinitionVersion != definition.VersionTag;
        return new ExpectedNightly(snapshot.PartnerId, change.Kind, needsDecision);
    }
}
