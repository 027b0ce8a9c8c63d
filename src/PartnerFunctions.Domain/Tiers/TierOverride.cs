using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tiers;

/// <summary>
/// A tier set by program staff rather than by the evidence, in force through <paramref name="EndsOn"/>: requested by one
/// staff member, approved by another (four eyes). After its end the evidence decides again, with the usual grace rules.
/// </summary>
/// <param name="Tier">The tier the partner holds while it is in force.</param>
/// <param name="Reason">Why, as the requester wrote it.</param>
/// <param name="EndsOn">Its last day (UTC).</param>
/// <param name="RequestedBy">The staff member who asked for it.</param>
/// <param name="ApprovedBy">The second staff member, who approved it (never the requester).</param>
/// <param name="ApprovedAt">When it was approved, and took effect.</param>
/// <param name="ApprovalId">The approval request it came from.</param>
public sealed record TierOverride(Tier Tier, string Reason, DateOnly EndsOn, string RequestedBy, string ApprovedBy, DateTimeOffset ApprovedAt, string ApprovalId)
{
    /// <summary>True while it decides the tier: through its end date.</summary>
    public bool InForceOn(DateOnly day) => day <= EndsOn;
}
