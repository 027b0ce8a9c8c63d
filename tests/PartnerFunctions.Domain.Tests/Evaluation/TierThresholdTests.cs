using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>Tier revenue thresholds at, just below and just above, and the competency counts each tier asks for.</summary>
public sealed class TierThresholdTests
{
    private static string[] HeldInOrder { get; } = [EndpointSecurityEnt, DataLossPrevention, BackupRecoveryEnt, ArchivingEdiscovery];

    public static TheoryData<decimal, Tier> SilverRevenue => new()
    {
        { 99_999.99m, Tier.Registered },
        { 100_000m, Tier.Silver },
        { 100_000.01m, Tier.Silver },
    };

    public static TheoryData<decimal, Tier> GoldRevenue => new()
    {
        { 499_999.99m, Tier.Silver },
        { 500_000m, Tier.Gold },
        { 500_000.01m, Tier.Gold },
    };

    public static TheoryData<decimal, Tier> PlatinumRevenue => new()
    {
        { 1_999_999.99m, Tier.Gold },
        { 2_000_000m, Tier.Platinum },
        { 2_000_000.01m, Tier.Platinum },
    };

    [Theory]
    [MemberData(nameof(SilverRevenue))]
    [MemberData(nameof(GoldRevenue))]
    public void Evaluate_TotalRevenueWithOneCompetency_AtBelowAbove(decimal totalRevenue, Tier expected)
    {
        var evaluation = EvaluateWith(competenciesHeld: 1, totalRevenue);

        Assert.Equal(1, evaluation.CompetenciesHeld);
        Assert.Equal(totalRevenue, evaluation.TotalRevenue);
        Assert.Equal(expected, evaluation.Tier);
    }

    [Theory]
    [MemberData(nameof(PlatinumRevenue))]
    public void Evaluate_TotalRevenueWithThreeCompetencies_AtBelowAbove(decimal totalRevenue, Tier expected)
    {
        var evaluation = EvaluateWith(competenciesHeld: 3, totalRevenue);

        Assert.Equal(3, evaluation.CompetenciesHeld);
        Assert.Equal(totalRevenue, evaluation.TotalRevenue);
        Assert.Equal(expected, evaluation.Tier);
    }

    public static TheoryData<int, decimal, Tier> CompetencyCounts => new()
    {
        { 2, 100_000_000m, Tier.Gold },
        { 3, 100_000_000m, Tier.Platinum },
        { 4, 100_000_000m, Tier.Platinum },
        { 0, 10_000_000m, Tier.Registered },
        { 1, 10_000_000m, Tier.Gold },
        { 0, 100_000m, Tier.Registered },
        { 1, 100_000m, Tier.Silver },
        { 1, 99_999.99m, Tier.Registered },
    };

    [Theory]
    [MemberData(nameof(CompetencyCounts))]
    public void Evaluate_CompetenciesHeldAndRevenue_GiveTier(int competenciesHeld, decimal totalRevenue, Tier expected)
    {
        var evaluation = EvaluateWith(competenciesHeld, totalRevenue);

        Assert.Equal(competenciesHeld, evaluation.CompetenciesHeld);
        Assert.Equal(expected, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_TwoCompetenciesAndHugeRevenue_IsGoldNotPlatinum()
    {
        var evidence = new EvidenceBuilder()
            .Qualifying(EndpointSecurityEnt, CompetencyLevel.Expert)
            .Qualifying(DataLossPrevention, CompetencyLevel.Expert)
            .WithRevenue(EndpointSecurityEnt, 100_000_000m)
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(2, evaluation.CompetenciesHeld);
        Assert.Equal(Tier.Gold, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_NoCompetencyAndTenMillion_IsRegistered()
    {
        var evidence = new EvidenceBuilder()
            .WithRevenue(EndpointSecurityEnt, 10_000_000m)
            .WithAccreditedPeople(EndpointSecurityEnt, 1)
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(0, evaluation.CompetenciesHeld);
        Assert.Equal(10_000_000m, evaluation.TotalRevenue);
        Assert.Equal(Tier.Registered, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_CompetenciesHeldAtExpertAndPrincipal_CountAlike()
    {
        var evidence = new EvidenceBuilder()
            .Qualifying(EndpointSecurityEnt, CompetencyLevel.Expert)
            .Qualifying(EndpointSecuritySmb, CompetencyLevel.Principal)
            .Qualifying(Encryption, CompetencyLevel.Principal)
            .WithRevenue(IdentityAuthentication, 1_650_000m)
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(3, evaluation.CompetenciesHeld);
        Assert.Equal(2_000_000m, evaluation.TotalRevenue);
        Assert.Equal(Tier.Platinum, evaluation.Tier);
    }

    public static TheoryData<decimal, int, Tier> TierForCases => new()
    {
        { 0m, 0, Tier.Registered },
        { 0m, 12, Tier.Registered },
        { 99_999.99m, 12, Tier.Registered },
        { 100_000m, 0, Tier.Registered },
        { 100_000m, 1, Tier.Silver },
        { 499_999.99m, 3, Tier.Silver },
        { 500_000m, 1, Tier.Gold },
        { 1_999_999.99m, 3, Tier.Gold },
        { 2_000_000m, 2, Tier.Gold },
        { 2_000_000m, 3, Tier.Platinum },
        { decimal.MaxValue, 12, Tier.Platinum },
    };

    [Theory]
    [MemberData(nameof(TierForCases))]
    public void TierFor_RevenueAndCompetencies_IsHighestTierWhoseClausesBothHold(decimal revenue, int competencies, Tier expected) =>
        Assert.Equal(expected, PartnerEvaluator.TierFor(TestDefinitions.Default, "FR", revenue, competencies));

    [Fact]
    public void TierFor_NullDefinition_Throws() =>
        Assert.Throws<ArgumentNullException>(() => PartnerEvaluator.TierFor(null!, "FR", 0m, 0));

    [Fact]
    public void TierFor_ChangedThresholds_FollowsTheDefinition()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            root["tiers"]![1]!["minRevenue"] = 600_000;
            root["tiers"]![1]!["minCompetencies"] = 2;
        });

        Assert.Equal(Tier.Silver, PartnerEvaluator.TierFor(definition, "FR", 599_999.99m, 2));
        Assert.Equal(Tier.Silver, PartnerEvaluator.TierFor(definition, "FR", 600_000m, 1));
        Assert.Equal(Tier.Gold, PartnerEvaluator.TierFor(definition, "FR", 600_000m, 2));
    }

    // Holds the first competenciesHeld competencies at Principal (50,000 each) and tops the total up with revenue in a
    // competency nobody is accredited for, so the total is exactly totalRevenue.
    private static PartnerEvaluation EvaluateWith(int competenciesHeld, decimal totalRevenue)
    {
        var builder = new EvidenceBuilder();
        foreach (var id in HeldInOrder.Take(competenciesHeld))
        {
            builder.Qualifying(id, CompetencyLevel.Principal);
        }

        var remainder = totalRevenue - (competenciesHeld * 50_000m);
        Assert.True(remainder >= 0m, "the total must cover the competencies' own revenue");
        if (remainder > 0m)
        {
            builder.WithRevenue(IdentityAuthentication, remainder);
        }

        return PartnerEvaluator.Evaluate(TestDefinitions.Default, builder.Build(), EvidenceBuilder.DefaultAsOf);
    }
}
