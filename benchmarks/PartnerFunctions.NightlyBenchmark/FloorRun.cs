using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.NightlyBenchmark;

/// <summary>
/// The floor: the nightly's storage and rule work done by a plain loop, without the workflow engine, the API or
/// emails. Streams every partner with the whole-table scan, evaluates it with the domain evaluator and the tier change
/// policy, and writes the decision with the new status (one transaction per partner, a few in flight), under the same
/// rule as the product: a decision only when something moved.
/// </summary>
public static class FloorRun
{
    public static async Task<(int Partners, int Decisions)> RunAsync(IPartnerRepository partners, ProgramDefinition definition, DateTimeOffset at, int partnersPerPage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partners);
        ArgumentNullException.ThrowIfNull(definition);
        var asOf = DateOnly.FromDateTime(at.UtcDateTime);
        var runId = "floor-" + asOf.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var evaluated = 0;
        var decisions = 0;
        await foreach (var page in partners.ScanPartnersAsync(null, partnersPerPage, cancellationToken))
        {
            await Parallel.ForEachAsync(page.Partners, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (snapshot, ct) =>
            {
                if (await EvaluateAsync(partners, definition, snapshot, at, asOf, runId, ct))
                {
                    Interlocked.Increment(ref decisions);
                }

                Interlocked.Increment(ref evaluated);
            });
        }

        return (evaluated, decisions);
    }

    private static async Task<bool> EvaluateAsync(IPartnerRepository partners, ProgramDefinition definition, PartnerSnapshot snapshot, DateTimeOffset at, DateOnly asOf, string runId, CancellationToken cancellationToken)
    {
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
        if (change.Kind == TierChangeKind.Unchanged && change.State == status.TierState && sameLevels && status.DefinitionVersion == definition.VersionTag)
        {
            return false;
        }

        var decisionId = runId + ":" + snapshot.PartnerId;
        var decision = new TierDecision(decisionId, snapshot.PartnerId, DecisionKind.Evaluation, at, definition.VersionTag, change.From, change.To, change.Kind, TierReasonText.Of(change.Why, "en"), evaluation.ToReceipt(), runId, "system", change.Why);
        await partners.RecordDecisionAsync(decision, new PartnerStatus(change.State, levels, asOf, definition.VersionTag, decisionId), snapshot.Profile.ETag, cancellationToken);
        return true;
    }
}
