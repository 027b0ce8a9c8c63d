using System.Text.Json;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>What a stored decision keeps: every clause with required, actual and met, and the gaps to the next step.</summary>
public sealed class ReceiptTests
{
    // Principal in endpoint security (enterprise), Expert in DLP, short of Principal in encryption; 360,000 EUR: Silver.
    private static PartnerEvidence SilverPartner() => new EvidenceBuilder()
        .WithPartner("fr-000042", "Bretagne Sécurité SAS")
        .WithAccreditedPeople(EndpointSecurityEnt, 2)
        .WithRevenue(EndpointSecurityEnt, 60_000m)
        .WithReferences(EndpointSecurityEnt, 1)
        .WithAccreditedPeople(DataLossPrevention, 5)
        .WithRevenue(DataLossPrevention, 300_000m)
        .WithReferences(DataLossPrevention, 1, 4.5m)
        .WithReferences(DataLossPrevention, 1, 4.0m)
        .WithReferences(DataLossPrevention, 1, 5.0m)
        .WithAccreditedPeople(Encryption, 1)
        .Build();

    private static EvaluationReceipt Receipt(PartnerEvidence evidence) =>
        PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf).ToReceipt();

    private static CompetencyReceipt Competency(EvaluationReceipt receipt, string id) => receipt.Competencies.Single(c => c.CompetencyId == id);

    [Fact]
    public void ToReceipt_Header_NamesPartnerDayDefinitionVersionAndTier()
    {
        var receipt = Receipt(SilverPartner());

        Assert.Equal("fr-000042", receipt.PartnerId);
        Assert.Equal(EvidenceBuilder.DefaultAsOf, receipt.AsOf);
        Assert.Equal("partner-program-2026@v1", receipt.DefinitionVersion);
        Assert.Equal(Tier.Silver, receipt.Tier);
        Assert.Equal(360_000m, receipt.TotalRevenue);
        Assert.Equal(2, receipt.CompetenciesHeld);
    }

    [Fact]
    public void ToReceipt_Competencies_FollowTheCatalog()
    {
        var receipt = Receipt(SilverPartner());

        Assert.Equal(CompetencyIds.All, receipt.Competencies.Select(c => c.CompetencyId));
        Assert.Equal(TestDefinitions.Default.Competencies.Select(c => c.Name), receipt.Competencies.Select(c => c.Name));
        Assert.Equal(TestDefinitions.Default.Competencies.Select(c => c.Market), receipt.Competencies.Select(c => c.Market));
    }

    [Fact]
    public void ToReceipt_PrincipalHeld_ShowsPrincipalClausesAndGapsToExpert()
    {
        var competency = Competency(Receipt(SilverPartner()), EndpointSecurityEnt);

        Assert.Equal(CompetencyLevel.Principal, competency.Level);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.AccreditedPeople, 2m, 2m, true),
                new ClauseReceipt(Clause.CompetencyRevenue, 50_000m, 60_000m, true),
                new ClauseReceipt(Clause.ValidatedReferences, 1m, 1m, true),
            ],
            competency.Clauses);
        Assert.Equal(CompetencyLevel.Expert, competency.NextLevel);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.AccreditedPeople, 4m, 2m, false),
                new ClauseReceipt(Clause.CompetencyRevenue, 250_000m, 60_000m, false),
                new ClauseReceipt(Clause.ValidatedReferences, 3m, 1m, false),
            ],
            competency.GapsToNextLevel);
        Assert.Equal([2m, 190_000m, 2m], competency.GapsToNextLevel.Select(g => g.Shortfall));
    }

    [Fact]
    public void ToReceipt_ExpertHeld_ShowsExpertClausesWithSatisfactionAndNoNextLevel()
    {
        var competency = Competency(Receipt(SilverPartner()), DataLossPrevention);

        Assert.Equal(CompetencyLevel.Expert, competency.Level);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.AccreditedPeople, 4m, 5m, true),
                new ClauseReceipt(Clause.CompetencyRevenue, 250_000m, 300_000m, true),
                new ClauseReceipt(Clause.ValidatedReferences, 3m, 3m, true),
                new ClauseReceipt(Clause.Satisfaction, 4.0m, 4.5m, true),
            ],
            competency.Clauses);
        Assert.Null(competency.NextLevel);
        Assert.Empty(competency.GapsToNextLevel);
    }

    [Fact]
    public void ToReceipt_NothingHeld_ShowsPrincipalClausesAndGapsToPrincipal()
    {
        var competency = Competency(Receipt(SilverPartner()), Encryption);

        Assert.Equal(CompetencyLevel.None, competency.Level);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.AccreditedPeople, 2m, 1m, false),
                new ClauseReceipt(Clause.CompetencyRevenue, 50_000m, 0m, false),
                new ClauseReceipt(Clause.ValidatedReferences, 1m, 0m, false),
            ],
            competency.Clauses);
        Assert.Equal(CompetencyLevel.Principal, competency.NextLevel);
        Assert.Equal(competency.Clauses, competency.GapsToNextLevel);
        Assert.Equal([1m, 50_000m, 1m], competency.GapsToNextLevel.Select(g => g.Shortfall));
    }

    [Fact]
    public void ToReceipt_ExpertMissingOnlySatisfaction_GapIsTheSatisfactionShortfall()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(Encryption, 4)
            .WithRevenue(Encryption, 250_000m)
            .WithReferences(Encryption, 3, 3.5m)
            .Build();

        var competency = Competency(Receipt(evidence), Encryption);

        Assert.Equal(CompetencyLevel.Principal, competency.Level);
        var gap = Assert.Single(competency.GapsToNextLevel);
        Assert.Equal(new ClauseReceipt(Clause.Satisfaction, 4.0m, 3.5m, false), gap);
        Assert.Equal(0.5m, gap.Shortfall);
    }

    [Fact]
    public void ToReceipt_ExpertWithSatisfactionNotMeasured_ClauseHoldsWithNoActual()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(Encryption, 4)
            .WithRevenue(Encryption, 250_000m)
            .WithReferences(Encryption, 3, satisfaction: null)
            .Build();

        var satisfaction = Competency(Receipt(evidence), Encryption).Clauses.Single(c => c.Clause == Clause.Satisfaction);

        Assert.Equal(new ClauseReceipt(Clause.Satisfaction, 4.0m, null, true), satisfaction);
        Assert.Equal(0m, satisfaction.Shortfall);
    }

    [Fact]
    public void ToReceipt_Silver_ShowsSilverClausesAndGapsToGold()
    {
        var receipt = Receipt(SilverPartner());

        Assert.Equal(
            [
                new ClauseReceipt(Clause.TotalRevenue, 100_000m, 360_000m, true),
                new ClauseReceipt(Clause.CompetenciesHeld, 1m, 2m, true),
            ],
            receipt.TierClauses);
        Assert.Equal(Tier.Gold, receipt.NextTier);
        var gap = Assert.Single(receipt.GapsToNextTier);
        Assert.Equal(new ClauseReceipt(Clause.TotalRevenue, 500_000m, 360_000m, false), gap);
        Assert.Equal(140_000m, gap.Shortfall);
    }

    [Fact]
    public void ToReceipt_Registered_HasNoTierClausesAndBothGapsToSilver()
    {
        var evidence = new EvidenceBuilder().WithRevenue(Encryption, 75_000m).Build();

        var receipt = Receipt(evidence);

        Assert.Equal(Tier.Registered, receipt.Tier);
        Assert.Empty(receipt.TierClauses);
        Assert.Equal(Tier.Silver, receipt.NextTier);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.TotalRevenue, 100_000m, 75_000m, false),
                new ClauseReceipt(Clause.CompetenciesHeld, 1m, 0m, false),
            ],
            receipt.GapsToNextTier);
        Assert.Equal([25_000m, 1m], receipt.GapsToNextTier.Select(g => g.Shortfall));
    }

    [Fact]
    public void ToReceipt_GoldWithTwoCompetencies_GapToPlatinumIsOneCompetency()
    {
        var evidence = new EvidenceBuilder()
            .Qualifying(Encryption, CompetencyLevel.Principal)
            .Qualifying(EndpointManagement, CompetencyLevel.Principal)
            .WithRevenue(IdentityAuthentication, 2_900_000m)
            .Build();

        var receipt = Receipt(evidence);

        Assert.Equal(Tier.Gold, receipt.Tier);
        Assert.Equal(Tier.Platinum, receipt.NextTier);
        var gap = Assert.Single(receipt.GapsToNextTier);
        Assert.Equal(new ClauseReceipt(Clause.CompetenciesHeld, 3m, 2m, false), gap);
        Assert.Equal(1m, gap.Shortfall);
    }

    [Fact]
    public void ToReceipt_Platinum_HasPlatinumClausesAndNoNextTier()
    {
        var evidence = new EvidenceBuilder()
            .Qualifying(Encryption, CompetencyLevel.Principal)
            .Qualifying(EndpointManagement, CompetencyLevel.Principal)
            .Qualifying(ThreatManagement, CompetencyLevel.Expert)
            .WithRevenue(IdentityAuthentication, 1_650_000m)
            .Build();

        var receipt = Receipt(evidence);

        Assert.Equal(Tier.Platinum, receipt.Tier);
        Assert.Equal(
            [
                new ClauseReceipt(Clause.TotalRevenue, 2_000_000m, 2_000_000m, true),
                new ClauseReceipt(Clause.CompetenciesHeld, 3m, 3m, true),
            ],
            receipt.TierClauses);
        Assert.Null(receipt.NextTier);
        Assert.Empty(receipt.GapsToNextTier);
    }

    [Fact]
    public void ToReceipt_RoundTripsThroughJson()
    {
        var receipt = Receipt(SilverPartner());
        var json = JsonSerializer.Serialize(receipt);

        var back = JsonSerializer.Deserialize<EvaluationReceipt>(json);

        Assert.NotNull(back);
        Assert.Equal(json, JsonSerializer.Serialize(back));
        Assert.Contains("\"DefinitionVersion\":\"partner-program-2026@v1\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 10, 4, 0)]
    [InlineData(false, 10, 4, 6)]
    [InlineData(false, 4.0, 3.5, 0.5)]
    public void ClauseReceipt_Shortfall_IsRequiredMinusActualWhenNotMet(bool met, double required, double actual, double expected) =>
        Assert.Equal((decimal)expected, new ClauseReceipt(Clause.AccreditedPeople, (decimal)required, (decimal)actual, met).Shortfall);

    [Fact]
    public void ClauseReceipt_ShortfallWithoutActual_IsZero() =>
        Assert.Equal(0m, new ClauseReceipt(Clause.Satisfaction, 4m, null, false).Shortfall);

    [Fact]
    public void ClausesFor_None_Throws()
    {
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, SilverPartner(), EvidenceBuilder.DefaultAsOf);

        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.ClausesFor(0, CompetencyLevel.None));
    }

    [Fact]
    public void ClausesFor_ExpertWhileHoldingPrincipal_ChecksExpertClauses()
    {
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, SilverPartner(), EvidenceBuilder.DefaultAsOf);

        var clauses = evaluation.ClausesFor(TestDefinitions.Default.IndexOf(EndpointSecurityEnt), CompetencyLevel.Expert);

        Assert.Equal([Clause.AccreditedPeople, Clause.CompetencyRevenue, Clause.ValidatedReferences, Clause.Satisfaction], clauses.Select(c => c.Clause));
        Assert.Equal([false, false, false, true], clauses.Select(c => c.Met));
    }

    [Fact]
    public void TierClausesFor_Registered_AlwaysHolds()
    {
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, new EvidenceBuilder().Build(), EvidenceBuilder.DefaultAsOf);

        Assert.All(evaluation.TierClausesFor(Tier.Registered), c => Assert.True(c.Met));
    }
}
