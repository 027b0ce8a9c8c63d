using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Domain.Tests.Tiers;

public sealed class TierOverrideTests
{
    private static readonly DateOnly EndsOn = new(2027, 3, 1);

    private static TierOverride Gold => new(Tier.Gold, "Strategic account", EndsOn, "staff-a", "staff-b", new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero), "ovr-1");

    public static TheoryData<TierState, Tier> States => new()
    {
        { TierState.Holding(Tier.Registered), Tier.Platinum },
        { TierState.Holding(Tier.Gold), Tier.Registered },
        { TierState.Holding(Tier.Platinum), Tier.Gold },
        { new TierState(Tier.Platinum, Tier.Silver, new DateOnly(2026, 12, 20), false), Tier.Silver },
        { new TierState(Tier.Silver, Tier.Registered, null, true), Tier.Registered },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void ApplyOverride_AnyStateAndEvidence_HoldsTheOverrideTierWithNothingPendingAndSaysWhatTheEvidenceSupports(TierState state, Tier evaluated)
    {
        var change = TierChangePolicy.ApplyOverride(state, Gold, evaluated);

        Assert.Equal((TierChangeKind.Overridden, state.Current, Tier.Gold), (change.Kind, change.From, change.To));
        Assert.Equal(TierState.Holding(Tier.Gold), change.State);
        Assert.Equal(new TierReason(TierReasonCode.OverriddenByStaff, evaluated, Tier.Gold, EndsOn), change.Why);
        Assert.Equal(state.Current != Tier.Gold, change.NotifiesPartner);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void InForceOn_DaysAroundTheEndDate_ThroughTheLastDayOnly(int daysAfterEnd, bool inForce) =>
        Assert.Equal(inForce, Gold.InForceOn(EndsOn.AddDays(daysAfterEnd)));

    [Theory]
    [InlineData(Tier.Registered, TierChangeKind.GracePeriodStarted)]
    [InlineData(Tier.Gold, TierChangeKind.Unchanged)]
    [InlineData(Tier.Platinum, TierChangeKind.Upgraded)]
    public void Apply_AfterTheOverrideEnded_TheEvidenceDecidesFromItsTierWithTheUsualGrace(Tier evaluated, TierChangeKind expected)
    {
        var held = TierChangePolicy.ApplyOverride(TierState.Holding(Tier.Silver), Gold, Tier.Registered).State;

        var change = TierChangePolicy.Apply(held, evaluated, EndsOn.AddDays(1), new DowngradePolicy(DowngradeMode.GracePeriod, 90));

        Assert.Equal(expected, change.Kind);
        Assert.Equal(Tier.Gold, change.From);
    }
}
