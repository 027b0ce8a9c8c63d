using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>
/// A tier override applied to the partner once a second staff member approved it, and its revocation; each stored as
/// an Override decision with the receipt of the evidence at that moment (<see cref="StaffTierWrite"/>). Who may
/// approve (never the requester) is the approval feature's rule.
/// </summary>
public sealed class StaffTierOverride(StaffTierWrite write)
{
    /// <summary>Puts <paramref name="tierOverride"/> in force now (the nightly keeps it until it ends).</summary>
    public Task<TierChange?> ApplyAsync(PartnerSnapshot snapshot, TierOverride tierOverride, string decisionId, ProgramDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tierOverride);
        return write.ApplyAsync(
            snapshot,
            decisionId,
            DecisionKind.Override,
            tierOverride.RequestedBy + " + " + tierOverride.ApprovedBy,
            tierOverride.ApprovedAt,
            definition,
            (status, evaluation, asOf) => tierOverride.InForceOn(asOf)
                ? new StaffTierChange(TierChangePolicy.ApplyOverride(status.TierState, tierOverride, evaluation.Tier), tierOverride)
                : null,
            cancellationToken);
    }

    /// <summary>
    /// Ends the partner's override now: the evidence decides again from the override's tier, with the usual rules
    /// (an upgrade at once, a shortfall opens a grace period). Null when no override is in force.
    /// </summary>
    public Task<TierChange?> RevokeAsync(PartnerSnapshot snapshot, string revokedBy, string decisionId, DateTimeOffset now, ProgramDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return write.ApplyAsync(
            snapshot,
            decisionId,
            DecisionKind.Override,
            revokedBy,
            now,
            definition,
            (status, evaluation, asOf) => status.Override is { } held && held.InForceOn(asOf)
                ? new StaffTierChange(TierChangePolicy.Apply(status.TierState, evaluation.Tier, asOf, definition.Downgrade), null)
                : null,
            cancellationToken);
    }
}
