using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tiers;

/// <summary>Why a tier change came out as it did (a code with its parameters; each language renders it at the edge).</summary>
public enum TierReasonCode
{
    /// <summary>The evidence supports a higher tier: upgrades apply at once.</summary>
    Upgraded,

    /// <summary>The evidence supports the tier held.</summary>
    Unchanged,

    /// <summary>The evidence supports the tier held again: the pending downgrade is cancelled.</summary>
    DowngradeCancelled,

    /// <summary>The evidence falls short; staff were asked and have not decided yet.</summary>
    StaffDecisionPending,

    /// <summary>The grace period ended (<see cref="TierReason.Until"/>) with the evidence still short: downgraded.</summary>
    GracePeriodEnded,

    /// <summary>The evidence falls short; the tier held is kept until the grace period ends.</summary>
    GracePeriodContinues,

    /// <summary>The evidence falls short: a grace period opens until <see cref="TierReason.Until"/>.</summary>
    GracePeriodStarted,

    /// <summary>The evidence falls short: staff are asked to decide on the downgrade.</summary>
    StaffDecisionRequested,

    /// <summary>By the time staff decided, the evidence supported the tier held again: no downgrade needed.</summary>
    RecoveredBeforeStaffDecision,

    /// <summary>Staff approved the downgrade.</summary>
    StaffApprovedDowngrade,

    /// <summary>Staff kept the tier held until <see cref="TierReason.Until"/>.</summary>
    StaffKeptTier,

    /// <summary>
    /// A staff override (approved by a second staff member) sets the tier <see cref="TierReason.Held"/> until
    /// <see cref="TierReason.Until"/>, whatever the evidence supports.
    /// </summary>
    OverriddenByStaff,
}

/// <summary>The reason of a tier change.</summary>
/// <param name="Supported">The tier the evidence supports.</param>
/// <param name="Held">The tier held before the change.</param>
/// <param name="Until">The day the reason names (grace period end, exception end); null when it names none.</param>
public sealed record TierReason(TierReasonCode Code, Tier Supported, Tier Held, DateOnly? Until = null);
