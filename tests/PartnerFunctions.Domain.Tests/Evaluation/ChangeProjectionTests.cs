using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using PartnerFunctions.Domain.Tiers;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// The projected timeline: each cause on both sides of its day (the last day that still counts, the first that does
/// not), the clause behind a level lost, and the tier following the grace rules.
/// </summary>
public sealed class ChangeProjectionTests
{
    private static readonly ProgramDefinition Definition = TestDefinitions.Default;
    private static readonly DateOnly AsOf = EvidenceBuilder.DefaultAsOf;
    private static readonly LevelRequirement Principal = Definition.FindCompetency(EndpointSecurityEnt)!.Principal;

    [Theory]
    [InlineData(30)]
    [InlineData(1)]
    [InlineData(200)]
    public void Project_AnAccreditationExpiring_PrincipalIsLostTheDayAfterItsExpiryOnAccreditedPeople(int daysLeft)
    {
        var evidence = PrincipalWith(b => b
            .WithAccreditedPeople(EndpointSecurityEnt, Principal.MinAccreditedPeople - 1)
            .WithEmployee(EvidenceBuilder.Accredited(EndpointSecurityEnt, AsOf.AddMonths(-3), AsOf.AddDays(daysLeft))));

        var first = ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Registered), AsOf)[0];

        Assert.Equal(AsOf.AddDays(daysLeft + 1), first.On);
        Assert.Equal((EndpointSecurityEnt, CompetencyLevel.Principal, CompetencyLevel.None), (first.CompetencyId, first.LevelFrom, first.LevelTo));
        Assert.Equal([ProjectionCause.AccreditationExpires], first.Causes);
        Assert.Equal(Clause.AccreditedPeople, first.Clause!.Clause);
        Assert.Equal(CompetencyLevel.Principal, PartnerEvaluator.Evaluate(Definition, evidence, AsOf.AddDays(daysLeft)).LevelOf(EndpointSecurityEnt));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void Project_TheOnlyRevenueMonthLeavingTheWindow_PrincipalIsLostOnTheFirstDayOfTheMonthAfterTheWindow(int monthsAgo)
    {
        var month = new DateOnly(AsOf.Year, AsOf.Month, 1).AddMonths(-monthsAgo);
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, Principal.MinAccreditedPeople)
            .WithRevenue(EndpointSecurityEnt, Principal.MinRevenue, month)
            .WithReferences(EndpointSecurityEnt, Principal.MinValidatedReferences)
            .Build();

        var changes = ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Registered), AsOf);

        var lost = Assert.Single(changes);
        Assert.Equal(month.AddMonths(Definition.RevenueWindowMonths), lost.On);
        Assert.Equal([ProjectionCause.RevenueLeavesWindow], lost.Causes);
        Assert.Equal(Clause.CompetencyRevenue, lost.Clause!.Clause);
        Assert.Equal(CompetencyLevel.Principal, PartnerEvaluator.Evaluate(Definition, evidence, lost.On.AddDays(-1)).LevelOf(EndpointSecurityEnt));
    }

    [Fact]
    public void Project_EmploymentEnding_CountsFromTheDayAfter()
    {
        var evidence = PrincipalWith(b => b
            .WithAccreditedPeople(EndpointSecurityEnt, Principal.MinAccreditedPeople - 1)
            .WithPerson(AsOf.AddYears(-2), AsOf.AddDays(10), EvidenceBuilder.Accredited(EndpointSecurityEnt, AsOf.AddMonths(-2))));

        var first = ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Registered), AsOf)[0];

        Assert.Equal((AsOf.AddDays(11), CompetencyLevel.None), (first.On, first.LevelTo));
        Assert.Equal([ProjectionCause.EmploymentEnds], first.Causes);
    }

    [Fact]
    public void Project_SilverOnRevenueThatLeaves_GracePeriodOpensThenTheTierDropsTheDayAfterItEnds()
    {
        var oldest = new DateOnly(AsOf.Year, AsOf.Month, 1).AddMonths(1 - Definition.RevenueWindowMonths);
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, Principal.MinAccreditedPeople)
            .WithReferences(EndpointSecurityEnt, Principal.MinValidatedReferences)
            .WithRevenue(EndpointSecurityEnt, 60_000m, oldest)
            .WithRevenue(EndpointSecurityEnt, 60_000m)
            .Build();
        var leaves = oldest.AddMonths(Definition.RevenueWindowMonths);
        var graceEnd = leaves.AddDays(Definition.Downgrade.GracePeriodDays);

        var tiers = ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Silver), AsOf, horizonDays: 400).Where(c => c.CompetencyId is null).ToArray();

        Assert.Equal(2, tiers.Length);
        Assert.Equal((leaves, TierChangeKind.GracePeriodStarted, Tier.Silver, Tier.Registered), (tiers[0].On, tiers[0].TierChange, tiers[0].TierFrom, tiers[0].TierTo));
        Assert.Equal((graceEnd.AddDays(1), TierChangeKind.Downgraded, Tier.Silver, Tier.Registered), (tiers[1].On, tiers[1].TierChange, tiers[1].TierFrom, tiers[1].TierTo));
        Assert.Equal([ProjectionCause.GracePeriodEnds], tiers[1].Causes);
    }

    [Fact]
    public void Project_GracePeriodAlreadyRunning_DropsTheDayAfterItsLastDay()
    {
        var evidence = new EvidenceBuilder().Build();
        var state = new TierState(Tier.Gold, Tier.Registered, AsOf.AddDays(20), false);

        var change = Assert.Single(ChangeProjection.Project(Definition, evidence, state, AsOf));

        Assert.Equal((AsOf.AddDays(21), TierChangeKind.Downgraded, Tier.Registered), (change.On, change.TierChange, change.TierTo));
    }

    [Fact]
    public void Project_TierHeldAboveTodaysEvidence_GracePeriodOpensTodayAndTheDropIsProjectedTheDayAfterItEnds()
    {
        var evidence = new EvidenceBuilder().WithAccreditedPeople(EndpointSecurityEnt, 3).Build();

        var change = Assert.Single(ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Gold), AsOf));

        Assert.Equal(AsOf.AddDays(Definition.Downgrade.GracePeriodDays + 1), change.On);
        Assert.Equal((TierChangeKind.Downgraded, Tier.Gold, Tier.Registered), (change.TierChange, change.TierFrom, change.TierTo));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    public void Project_OverrideEndingAboveTheEvidence_GracePeriodOpensTheDayAfterItsLastDayThenTheDrop(int daysLeft)
    {
        var evidence = new EvidenceBuilder().WithAccreditedPeople(EndpointSecurityEnt, 3).Build();
        var gold = new TierOverride(Tier.Gold, "Strategic account", AsOf.AddDays(daysLeft), "staff-a", "staff-b", default, "ovr-1");

        var tiers = ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Silver), AsOf, tierOverride: gold);

        Assert.Equal(2, tiers.Count);
        Assert.Equal((AsOf.AddDays(daysLeft + 1), TierChangeKind.GracePeriodStarted, Tier.Gold, Tier.Registered), (tiers[0].On, tiers[0].TierChange, tiers[0].TierFrom, tiers[0].TierTo));
        Assert.Equal([ProjectionCause.OverrideEnds], tiers[0].Causes);
        Assert.Equal((AsOf.AddDays(daysLeft + 1 + Definition.Downgrade.GracePeriodDays + 1), TierChangeKind.Downgraded), (tiers[1].On, tiers[1].TierChange));
    }

    [Fact]
    public void Project_NothingEndsWithinTheHorizon_IsEmpty()
    {
        var evidence = new EvidenceBuilder().WithAccreditedPeople(EndpointSecurityEnt, 3).Build();

        Assert.Empty(ChangeProjection.Project(Definition, evidence, TierState.Holding(Tier.Registered), AsOf, horizonDays: 300));
    }

    // Principal's revenue (not leaving within the horizon's first months) and references, plus the given people.
    private static PartnerEvidence PrincipalWith(Func<EvidenceBuilder, EvidenceBuilder> people) =>
        people(new EvidenceBuilder())
            .WithRevenue(EndpointSecurityEnt, Principal.MinRevenue)
            .WithReferences(EndpointSecurityEnt, Principal.MinValidatedReferences)
            .Build();
}
