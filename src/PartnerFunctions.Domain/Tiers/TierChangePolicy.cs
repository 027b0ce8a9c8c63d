using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tiers;

/// <summary>A partner's tier as the program holds it, with any downgrade under way.</summary>
/// <param name="Current">The tier the partner holds.</param>
/// <param name="PendingTier">The lower tier the evidence supports while a downgrade is pending; null when none is.</param>
/// <param name="GraceEndsOn">Last day of the grace period (grace mode), or of a staff-granted exception.</param>
/// <param name="AwaitingStaffDecision">True while program staff have been asked to decide on a downgrade.</param>
public sealed record TierState(Tier Current, Tier? PendingTier, DateOnly? GraceEndsOn, bool AwaitingStaffDecision)
{
    /// <summary>A partner holding a tier with nothing pending.</summary>
    public static TierState Holding(Tier tier) => new(tier, null, null, false);

    /// <summary>True while a downgrade is pending (grace, exception or staff decision).</summary>
    public bool DowngradePending => PendingTier is not null || AwaitingStaffDecision || GraceEndsOn is not null;
}

/// <summary>What a tier evaluation did to the partner's tier.</summary>
public enum TierChangeKind
{
    /// <summary>The evidence supports the tier held; nothing pending.</summary>
    Unchanged,

    /// <summary>The evidence supports a higher tier: applied at once.</summary>
    Upgraded,

    /// <summary>The evidence fell short: the tier is kept and a grace period opens.</summary>
    GracePeriodStarted,

    /// <summary>Still short, grace period not over yet.</summary>
    GracePeriodContinues,

    /// <summary>The evidence recovered during the grace period or while staff were deciding: downgrade cancelled.</summary>
    DowngradeCancelled,

    /// <summary>The grace period ended (or staff approved) and the evidence still falls short: downgraded.</summary>
    Downgraded,

    /// <summary>The evidence fell short and program staff are asked to decide.</summary>
    StaffDecisionRequested,

    /// <summary>Still short, staff have not decided yet.</summary>
    StaffDecisionPending,

    /// <summary>Staff decided to keep the tier: it holds until the exception ends.</summary>
    DowngradeWaived,

    /// <summary>A staff override sets the tier (whatever the evidence supports) until it ends.</summary>
    Overridden,
}

/// <summary>The outcome of applying the policy: the new state and why (a reason code with its parameters).</summary>
public sealed record TierChange(TierChangeKind Kind, Tier From, Tier To, TierState State, TierReason Why)
{
    /// <summary>True when the partner should hear about it (tier changed, or a downgrade warning or decision).</summary>
    public bool NotifiesPartner => Kind is TierChangeKind.Upgraded or TierChangeKind.Downgraded or TierChangeKind.GracePeriodStarted
        or TierChangeKind.DowngradeCancelled or TierChangeKind.DowngradeWaived
        || (Kind == TierChangeKind.Overridden && From != To);
}

/// <summary>
/// Upgrades apply at once; a downgrade never does: it opens a grace period (ending with the downgrade only if the
/// evidence still falls short) or asks program staff, per the program definition.
/// </summary>
public static class TierChangePolicy
{
    /// <summary>Applies a fresh evaluation (<paramref name="evaluated"/> tier on <paramref name="asOf"/>) to the held state.</summary>
    public static TierChange Apply(TierState state, Tier evaluated, DateOnly asOf, DowngradePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        var current = state.Current;

        if (evaluated > current)
        {
            return new(TierChangeKind.Upgraded, current, evaluated, TierState.Holding(evaluated), new TierReason(TierReasonCode.Upgraded, evaluated, current));
        }

        if (evaluated == current)
        {
            return state.DowngradePending
                ? new(TierChangeKind.DowngradeCancelled, current, current, TierState.Holding(current), new TierReason(TierReasonCode.DowngradeCancelled, current, current))
                : new(TierChangeKind.Unchanged, current, current, state, new TierReason(TierReasonCode.Unchanged, current, current));
        }

        // evaluated < current
        if (state.AwaitingStaffDecision)
        {
            return new(TierChangeKind.StaffDecisionPending, current, current, state with { PendingTier = evaluated }, new TierReason(TierReasonCode.StaffDecisionPending, evaluated, current));
        }

        if (state.GraceEndsOn is { } endsOn)
        {
            if (asOf > endsOn)
            {
                return new(TierChangeKind.Downgraded, current, evaluated, TierState.Holding(evaluated), new TierReason(TierReasonCode.GracePeriodEnded, evaluated, current, endsOn));
            }

            return new(TierChangeKind.GracePeriodContinues, current, current, state with { PendingTier = evaluated }, new TierReason(TierReasonCode.GracePeriodContinues, evaluated, current, endsOn));
        }

        return policy.Mode switch
        {
            DowngradeMode.GracePeriod => new(
                TierChangeKind.GracePeriodStarted,
                current,
                current,
                new TierState(current, evaluated, asOf.AddDays(policy.GracePeriodDays), false),
                new TierReason(TierReasonCode.GracePeriodStarted, evaluated, current, asOf.AddDays(policy.GracePeriodDays))),
            _ => new(
                TierChangeKind.StaffDecisionRequested,
                current,
                current,
                new TierState(current, evaluated, null, true),
                new TierReason(TierReasonCode.StaffDecisionRequested, evaluated, current)),
        };
    }

    /// <summary>
    /// Applies a staff override in force: the partner holds its tier, whatever the evidence supports
    /// (<paramref name="evaluated"/>, kept in the reason), with nothing pending; a grace period or a downgrade awaiting
    /// staff is closed, since the override decides until it ends. After that <see cref="Apply"/> decides again from the
    /// override's tier, so a lower evidence opens a grace period as usual.
    /// </summary>
    public static TierChange ApplyOverride(TierState state, TierOverride tierOverride, Tier evaluated)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tierOverride);
        return new(
            TierChangeKind.Overridden,
            state.Current,
            tierOverride.Tier,
            TierState.Holding(tierOverride.Tier),
            new TierReason(TierReasonCode.OverriddenByStaff, evaluated, tierOverride.Tier, tierOverride.EndsOn));
    }

    /// <summary>
    /// Applies program staff's decision on a requested downgrade. Approving downgrades to the tier the evidence
    /// supports now (<paramref name="evaluatedNow"/>); rejecting keeps the tier for one grace period, after which the
    /// evidence is checked again.
    /// </summary>
    public static TierChange ApplyStaffDecision(TierState state, bool approveDowngrade, Tier evaluatedNow, DateOnly asOf, DowngradePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (!state.AwaitingStaffDecision)
        {
            throw new InvalidOperationException("No downgrade decision is pending for this partner.");
        }

        var current = state.Current;
        if (evaluatedNow > current)
        {
            // The evidence now supports more than the tier held: an upgrade, applied at once exactly as Apply does.
            return Apply(state, evaluatedNow, asOf, policy);
        }

        if (evaluatedNow == current)
        {
            return new(TierChangeKind.DowngradeCancelled, current, evaluatedNow, TierState.Holding(evaluatedNow), new TierReason(TierReasonCode.RecoveredBeforeStaffDecision, evaluatedNow, current));
        }

        if (approveDowngrade)
        {
            return new(TierChangeKind.Downgraded, current, evaluatedNow, TierState.Holding(evaluatedNow), new TierReason(TierReasonCode.StaffApprovedDowngrade, evaluatedNow, current));
        }

        var until = asOf.AddDays(policy.GracePeriodDays);
        return new(TierChangeKind.DowngradeWaived, current, current, new TierState(current, evaluatedNow, until, false), new TierReason(TierReasonCode.StaffKeptTier, evaluatedNow, current, until));
    }
}
