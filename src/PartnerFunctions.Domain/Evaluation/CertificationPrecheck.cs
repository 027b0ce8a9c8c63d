using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Whether a certification of a competency can lead anywhere: the evidence is evaluated as if program staff approved
/// every reference that would be sent to them (the competency's, from customers of its market, Submitted or InReview).
/// When even then Principal's requirements are not all met, staff would review references for nothing: the start is
/// refused with what is missing.
/// </summary>
/// <param name="LevelIfAllApproved">The level the evidence would support with every awaiting reference approved.</param>
/// <param name="MissingForPrincipal">Principal's clauses still unmet in that case (empty when Principal is reachable).</param>
public sealed record CertificationPrecheck(CompetencyLevel LevelIfAllApproved, IReadOnlyList<ClauseReceipt> MissingForPrincipal)
{
    /// <summary>True when the certification may start.</summary>
    public bool CanReachPrincipal => MissingForPrincipal.Count == 0;

    /// <summary>The pre-check of <paramref name="competencyId"/> on <paramref name="asOf"/>.</summary>
    /// <exception cref="ArgumentException">The definition has no such competency.</exception>
    public static CertificationPrecheck Of(ProgramDefinition definition, PartnerEvidence evidence, string competencyId, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);
        var index = definition.IndexOf(competencyId);
        if (index < 0)
        {
            throw new ArgumentException($"'{competencyId}' is not a competency of definition {definition.VersionTag}.", nameof(competencyId));
        }

        var competency = definition.Competencies[index];
        var hoped = evidence with
        {
            References = evidence.References
                .Select(r => AwaitsReview(r, competency) ? r with { State = ReferenceState.Approved } : r)
                .ToArray(),
        };
        var evaluation = PartnerEvaluator.Evaluate(definition, hoped, asOf);
        return new CertificationPrecheck(
            evaluation.LevelOf(competency.Id),
            evaluation.ClausesFor(index, CompetencyLevel.Principal).Where(c => !c.Met).ToArray());
    }

    /// <summary>A reference a certification of <paramref name="competency"/> sends to program staff for review.</summary>
    public static bool AwaitsReview(CustomerReference reference, Competency competency)
    {
        ArgumentNullException.ThrowIfNull(competency);
        return string.Equals(reference.CompetencyId, competency.Id, StringComparison.Ordinal)
            && reference.CustomerMarket == competency.Market
            && reference.State is ReferenceState.Submitted or ReferenceState.InReview;
    }
}
