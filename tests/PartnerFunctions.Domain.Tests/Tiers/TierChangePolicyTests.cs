using System.Globalization;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Domain.Tests.Tiers;

/// <summary>Upgrades apply at once; a downgrade never does: a grace period or a staff decision comes first.</summary>
public sealed class TierChangePolicyTests
{
    private static DateOnly Day0 => new(2026, 10, 1);

    private static DateOnly GraceEnd => new(2026, 12, 30);

    private static DowngradePolicy Grace => new(DowngradeMode.GracePeriod, 90);

    private static DowngradePolicy Staff => new(DowngradeMode.StaffDecision, 90);

    public static TheoryData<Tier, Tier> Upgrades
    {
        get
        {
            var data = new TheoryData<Tier, Tier>();
            foreach (var from in Enum.GetValues<Tier>())
            {
                foreach (var to in Enum.GetValues<Tier>().Where(t => t > from))
                {
                    data.Add(from, to);
                }
            }

            return data;
        }
    }

    public static TheoryData<Tier, Tier> Downgrades
    {
        get
        {
            var data = new TheoryData<Tier, Tier>();
            foreach (var from in Enum.GetValues<Tier>())
            {
                foreach (var to in Enum.GetValues<Tier>().Where(t => t < from))
                {
                    data.Add(from, to);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Upgrades))]
    public void Apply_HigherTier_UpgradesAtOnce(Tier from, Tier to)
    {
        foreach (var policy in new[] { Grace, Staff })
        {
            var change = TierChangePolicy.Apply(TierState.Holding(from), to, Day0, policy);

            Assert.Equal(TierChangeKind.Upgraded, change.Kind);
            Assert.Equal(from, change.From);
            Assert.Equal(to, change.To);
            Assert.Equal(TierState.Holding(to), change.State);
            Assert.True(change.NotifiesPartner);
        }
    }

    [Theory]
    [InlineData(Tier.Registered)]
    [InlineData(Tier.Silver)]
    [InlineData(Tier.Gold)]
    [InlineData(Tier.Platinum)]
    public void Apply_SameTierNothingPending_IsUnchanged(Tier tier)
    {
        var state = TierState.Holding(tier);

        var change = TierChangePolicy.Apply(state, tier, Day0, Grace);

        Assert.Equal(TierChangeKind.Unchanged, change.Kind);
        Assert.Equal(tier, change.From);
        Assert.Equal(tier, change.To);
        Assert.Same(state, change.State);
        Assert.False(change.NotifiesPartner);
    }

    [Theory]
    [MemberData(nameof(Downgrades))]
    public void Apply_LowerTierInGraceMode_OpensGracePeriodAndKeepsTier(Tier from, Tier to)
    {
        var change = TierChangePolicy.Apply(TierState.Holding(from), to, Day0, Grace);

        Assert.Equal(TierChangeKind.GracePeriodStarted, change.Kind);
        Assert.Equal(from, change.From);
        Assert.Equal(from, change.To);
        Assert.Equal(new TierState(from, to, GraceEnd, false), change.State);
        Assert.True(change.State.DowngradePending);
        Assert.True(change.NotifiesPartner);
        Assert.Equal(new TierReason(TierReasonCode.GracePeriodStarted, to, from, GraceEnd), change.Why);
    }

    [Theory]
    [InlineData(1, "2026-10-02")]
    [InlineData(30, "2026-10-31")]
    [InlineData(90, "2026-12-30")]
    [InlineData(730, "2028-09-30")]
    public void Apply_LowerTierInGraceMode_GraceEndsGracePeriodDaysLater(int days, string expectedEnd)
    {
        var change = TierChangePolicy.Apply(TierState.Holding(Tier.Gold), Tier.Silver, Day0, new DowngradePolicy(DowngradeMode.GracePeriod, days));

        Assert.Equal(DateOnly.ParseExact(expectedEnd, "yyyy-MM-dd", CultureInfo.InvariantCulture), change.State.GraceEndsOn);
    }

    [Fact]
    public void Apply_StillShortDuringGrace_ContinuesAndTracksLatestEvaluatedTier()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Registered, Day0.AddDays(45), Grace);

        Assert.Equal(TierChangeKind.GracePeriodContinues, change.Kind);
        Assert.Equal(Tier.Gold, change.To);
        Assert.Equal(new TierState(Tier.Gold, Tier.Registered, GraceEnd, false), change.State);
        Assert.False(change.NotifiesPartner);
    }

    [Fact]
    public void Apply_StillShortOnLastGraceDay_StillContinues()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Silver, GraceEnd, Grace);

        Assert.Equal(TierChangeKind.GracePeriodContinues, change.Kind);
        Assert.Equal(Tier.Gold, change.State.Current);
    }

    [Fact]
    public void Apply_StillShortDayAfterGraceEnds_DowngradesToEvaluatedTier()
    {
        var state = new TierState(Tier.Platinum, Tier.Gold, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Silver, GraceEnd.AddDays(1), Grace);

        Assert.Equal(TierChangeKind.Downgraded, change.Kind);
        Assert.Equal(Tier.Platinum, change.From);
        Assert.Equal(Tier.Silver, change.To);
        Assert.Equal(TierState.Holding(Tier.Silver), change.State);
        Assert.False(change.State.DowngradePending);
        Assert.True(change.NotifiesPartner);
    }

    [Fact]
    public void Apply_EvidenceRecoversDuringGrace_CancelsDowngrade()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Gold, Day0.AddDays(20), Grace);

        Assert.Equal(TierChangeKind.DowngradeCancelled, change.Kind);
        Assert.Equal(Tier.Gold, change.To);
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
        Assert.True(change.NotifiesPartner);
    }

    [Fact]
    public void Apply_EvidenceRecoversAfterGraceEndedButBeforeEvaluation_CancelsDowngrade()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Gold, GraceEnd.AddDays(5), Grace);

        Assert.Equal(TierChangeKind.DowngradeCancelled, change.Kind);
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
    }

    [Fact]
    public void Apply_UpgradeDuringGrace_UpgradesAndClearsPendingDowngrade()
    {
        var state = new TierState(Tier.Silver, Tier.Registered, GraceEnd, false);

        var change = TierChangePolicy.Apply(state, Tier.Gold, Day0.AddDays(10), Grace);

        Assert.Equal(TierChangeKind.Upgraded, change.Kind);
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
        Assert.False(change.State.DowngradePending);
    }

    [Fact]
    public void Apply_UpgradeWhileAwaitingStaff_UpgradesAndClearsTheRequest()
    {
        var state = new TierState(Tier.Silver, Tier.Registered, null, true);

        var change = TierChangePolicy.Apply(state, Tier.Platinum, Day0, Staff);

        Assert.Equal(TierChangeKind.Upgraded, change.Kind);
        Assert.Equal(TierState.Holding(Tier.Platinum), change.State);
    }

    [Theory]
    [MemberData(nameof(Downgrades))]
    public void Apply_LowerTierInStaffMode_RequestsStaffDecisionAndKeepsTier(Tier from, Tier to)
    {
        var change = TierChangePolicy.Apply(TierState.Holding(from), to, Day0, Staff);

        Assert.Equal(TierChangeKind.StaffDecisionRequested, change.Kind);
        Assert.Equal(from, change.To);
        Assert.Equal(new TierState(from, to, null, true), change.State);
        Assert.True(change.State.DowngradePending);
        Assert.False(change.NotifiesPartner);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(90)]
    [InlineData(400)]
    public void Apply_StillShortWhileAwaitingStaff_StaysPendingWhateverTheDelay(int daysLater)
    {
        var state = new TierState(Tier.Gold, Tier.Silver, null, true);

        var change = TierChangePolicy.Apply(state, Tier.Registered, Day0.AddDays(daysLater), Staff);

        Assert.Equal(TierChangeKind.StaffDecisionPending, change.Kind);
        Assert.Equal(Tier.Gold, change.To);
        Assert.Equal(new TierState(Tier.Gold, Tier.Registered, null, true), change.State);
    }

    [Fact]
    public void Apply_EvidenceRecoversWhileAwaitingStaff_CancelsDowngrade()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, null, true);

        var change = TierChangePolicy.Apply(state, Tier.Gold, Day0.AddDays(3), Staff);

        Assert.Equal(TierChangeKind.DowngradeCancelled, change.Kind);
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
    }

    [Fact]
    public void ApplyStaffDecision_Approve_DowngradesToTierEvaluatedNow()
    {
        var state = new TierState(Tier.Platinum, Tier.Gold, null, true);

        var change = TierChangePolicy.ApplyStaffDecision(state, approveDowngrade: true, Tier.Silver, Day0, Staff);

        Assert.Equal(TierChangeKind.Downgraded, change.Kind);
        Assert.Equal(Tier.Platinum, change.From);
        Assert.Equal(Tier.Silver, change.To);
        Assert.Equal(TierState.Holding(Tier.Silver), change.State);
        Assert.True(change.NotifiesPartner);
    }

    [Fact]
    public void ApplyStaffDecision_Reject_WaivesDowngradeForOneGracePeriod()
    {
        var state = new TierState(Tier.Gold, Tier.Silver, null, true);

        var change = TierChangePolicy.ApplyStaffDecision(state, approveDowngrade: false, Tier.Silver, Day0, Staff);

        Assert.Equal(TierChangeKind.DowngradeWaived, change.Kind);
        Assert.Equal(Tier.Gold, change.From);
        Assert.Equal(Tier.Gold, change.To);
        Assert.Equal(new TierState(Tier.Gold, Tier.Silver, GraceEnd, false), change.State);
        Assert.Equal(GraceEnd, change.State.GraceEndsOn);
        Assert.True(change.NotifiesPartner);
    }

    [Fact]
    public void ApplyStaffDecision_WaiverEndsStillShort_Downgrades()
    {
        var waived = TierChangePolicy.ApplyStaffDecision(new TierState(Tier.Gold, Tier.Silver, null, true), false, Tier.Silver, Day0, Staff).State;

        var onLastDay = TierChangePolicy.Apply(waived, Tier.Silver, GraceEnd, Staff);
        var dayAfter = TierChangePolicy.Apply(onLastDay.State, Tier.Silver, GraceEnd.AddDays(1), Staff);

        Assert.Equal(TierChangeKind.GracePeriodContinues, onLastDay.Kind);
        Assert.Equal(TierChangeKind.Downgraded, dayAfter.Kind);
        Assert.Equal(TierState.Holding(Tier.Silver), dayAfter.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ApplyStaffDecision_EvidenceRecoveredMeanwhile_CancelsDowngrade(bool approve)
    {
        var state = new TierState(Tier.Gold, Tier.Silver, null, true);

        var change = TierChangePolicy.ApplyStaffDecision(state, approve, Tier.Gold, Day0, Staff);

        Assert.Equal(TierChangeKind.DowngradeCancelled, change.Kind);
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ApplyStaffDecision_EvidenceNowSupportsHigherTier_UpgradesLikeApply(bool approve)
    {
        var state = new TierState(Tier.Gold, Tier.Silver, null, true);

        var change = TierChangePolicy.ApplyStaffDecision(state, approve, Tier.Platinum, Day0, Staff);

        Assert.Equal(TierChangePolicy.Apply(state, Tier.Platinum, Day0, Staff), change);
        Assert.Equal(TierChangeKind.Upgraded, change.Kind);
        Assert.Equal(Tier.Gold, change.From);
        Assert.Equal(Tier.Platinum, change.To);
        Assert.Equal(TierState.Holding(Tier.Platinum), change.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ApplyStaffDecision_NoDecisionPending_Throws(bool approve)
    {
        Assert.Throws<InvalidOperationException>(() => TierChangePolicy.ApplyStaffDecision(TierState.Holding(Tier.Gold), approve, Tier.Silver, Day0, Staff));
        Assert.Throws<InvalidOperationException>(() => TierChangePolicy.ApplyStaffDecision(new TierState(Tier.Gold, Tier.Silver, GraceEnd, false), approve, Tier.Silver, Day0, Grace));
    }

    [Fact]
    public void Apply_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TierChangePolicy.Apply(null!, Tier.Gold, Day0, Grace));
        Assert.Throws<ArgumentNullException>(() => TierChangePolicy.Apply(TierState.Holding(Tier.Gold), Tier.Gold, Day0, null!));
        Assert.Throws<ArgumentNullException>(() => TierChangePolicy.ApplyStaffDecision(null!, true, Tier.Gold, Day0, Staff));
        Assert.Throws<ArgumentNullException>(() => TierChangePolicy.ApplyStaffDecision(new TierState(Tier.Gold, Tier.Silver, null, true), true, Tier.Silver, Day0, null!));
    }

    [Fact]
    public void Apply_GraceModeNightlyRun_WalksGraceThenDowngrade()
    {
        var state = TierState.Holding(Tier.Gold);
        var kinds = new List<TierChangeKind>();
        for (var day = Day0; day <= GraceEnd.AddDays(2); day = day.AddDays(1))
        {
            var change = TierChangePolicy.Apply(state, Tier.Silver, day, Grace);
            kinds.Add(change.Kind);
            Assert.Equal(day <= GraceEnd ? Tier.Gold : Tier.Silver, change.State.Current);
            state = change.State;
        }

        Assert.Equal(TierChangeKind.GracePeriodStarted, kinds[0]);
        Assert.All(kinds.Skip(1).Take(90), k => Assert.Equal(TierChangeKind.GracePeriodContinues, k));
        Assert.Equal(TierChangeKind.Downgraded, kinds[91]);
        Assert.Equal(TierChangeKind.Unchanged, kinds[92]);
    }

    [Theory]
    [MemberData(nameof(Downgrades))]
    public void Apply_AnyDowngradeInEitherMode_NeverLowersTierOnFirstEvaluation(Tier from, Tier to)
    {
        Assert.Equal(from, TierChangePolicy.Apply(TierState.Holding(from), to, Day0, Grace).State.Current);
        Assert.Equal(from, TierChangePolicy.Apply(TierState.Holding(from), to, Day0, Staff).State.Current);
    }

    [Fact]
    public void TierState_Holding_HasNothingPending()
    {
        var state = TierState.Holding(Tier.Silver);

        Assert.Equal(new TierState(Tier.Silver, null, null, false), state);
        Assert.False(state.DowngradePending);
    }

    [Theory]
    [InlineData(TierChangeKind.Unchanged, false)]
    [InlineData(TierChangeKind.Upgraded, true)]
    [InlineData(TierChangeKind.GracePeriodStarted, true)]
    [InlineData(TierChangeKind.GracePeriodContinues, false)]
    [InlineData(TierChangeKind.DowngradeCancelled, true)]
    [InlineData(TierChangeKind.Downgraded, true)]
    [InlineData(TierChangeKind.StaffDecisionRequested, false)]
    [InlineData(TierChangeKind.StaffDecisionPending, false)]
    [InlineData(TierChangeKind.DowngradeWaived, true)]
    public void NotifiesPartner_Kind_OnlyForChangesAndWarnings(TierChangeKind kind, bool expected) =>
        Assert.Equal(expected, new TierChange(kind, Tier.Gold, Tier.Gold, TierState.Holding(Tier.Gold), new TierReason(TierReasonCode.Unchanged, Tier.Gold, Tier.Gold)).NotifiesPartner);
}
