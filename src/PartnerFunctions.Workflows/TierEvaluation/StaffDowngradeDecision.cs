using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>
/// A program staff answer to a pending downgrade, applied to the partner: the answer goes through
/// <see cref="TierChangePolicy.ApplyStaffDecision"/> and is stored as a StaffDecision decision by
/// <see cref="StaffTierWrite"/>. The approval feature decides who may answer and when; the tier decision itself lives
/// here, beside the nightly's.
/// </summary>
public sealed class StaffDowngradeDecision(StaffTierWrite write)
{
    /// <summary>
    /// Applies the answer and returns the change, or null when no downgrade decision is pending for the partner any
    /// more (answered meanwhile by another path). <paramref name="decisionId"/> keys the decision and its email, so a
    /// replay of the same answer writes and sends nothing twice.
    /// </summary>
    public Task<TierChange?> ApplyAsync(
        PartnerSnapshot snapshot,
        string decisionId,
        bool approve,
        string decidedBy,
        DateTimeOffset now,
        ProgramDefinition definition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return write.ApplyAsync(
            snapshot,
            decisionId,
            DecisionKind.StaffDecision,
            decidedBy,
            now,
            definition,
            (status, evaluation, asOf) => status.TierState.AwaitingStaffDecision
                ? new StaffTierChange(TierChangePolicy.ApplyStaffDecision(status.TierState, approve, evaluation.Tier, asOf, definition.Downgrade), status.Override)
                : null,
            cancellationToken);
    }
}
