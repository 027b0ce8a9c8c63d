using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// A country group's partners meet its figures where it sets them and the default's elsewhere; partners of a country
/// in no group meet the default. Here "france" lowers Silver to 80,000 and Encryption's Principal revenue to 40,000,
/// and "dach" raises Encryption's Principal people to 3.
/// </summary>
public sealed class CountryGroupThresholdTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 15);

    private static readonly ProgramDefinition Definition = TestDefinitions.Mutated(root =>
        root["countryGroups"] = JsonNode.Parse("""
            [
              { "id": "france", "name": "France", "countries": ["FR", "MC"],
                "tiers": [ { "tier": "silver", "minRevenue": 80000 } ],
                "competencies": [ { "id": "encryption", "levels": { "principal": { "minRevenue": 40000 } } } ] },
              { "id": "dach", "name": "DACH", "countries": ["DE", "AT", "CH"], "currency": "CHF",
                "competencies": [ { "id": "encryption", "levels": { "principal": { "minAccreditedPeople": 3 } } } ] }
            ]
            """));

    public static TheoryData<string, int, string, CompetencyLevel> LevelCases => new()
    {
        // country, people, revenue, expected Encryption level
        { "FR", 2, "40000", CompetencyLevel.Principal },
        { "FR", 2, "39999.99", CompetencyLevel.None },
        { "MC", 2, "40000", CompetencyLevel.Principal },
        { "BE", 2, "40000", CompetencyLevel.None }, // no group: the default 50,000
        { "BE", 2, "50000", CompetencyLevel.Principal },
        { "DE", 2, "50000", CompetencyLevel.None }, // DACH asks 3 people
        { "DE", 3, "50000", CompetencyLevel.Principal },
        { "CH", 3, "49999.99", CompetencyLevel.None }, // DACH keeps the default revenue
    };

    [Theory]
    [MemberData(nameof(LevelCases))]
    public void Evaluate_PartnerCountry_MeetsItsGroupsLevelFigures(string country, int people, string revenue, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder(AsOf, Definition)
            .WithCountry(country)
            .WithAccreditedPeople(Encryption, people)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture))
            .Build();

        Assert.Equal(expected, PartnerEvaluator.Evaluate(Definition, evidence, AsOf).LevelOf(Encryption));
    }

    [Theory]
    [InlineData("FR", "80000", Tier.Silver)]
    [InlineData("FR", "79999.99", Tier.Registered)]
    [InlineData("DE", "80000", Tier.Registered)]
    [InlineData("DE", "100000", Tier.Silver)]
    [InlineData("FR", "500000", Tier.Gold)] // gold keeps the default
    public void Evaluate_PartnerCountry_MeetsItsGroupsTierFigures(string country, string revenue, Tier expected)
    {
        var evidence = new EvidenceBuilder(AsOf, Definition)
            .WithCountry(country)
            .WithAccreditedPeople(Encryption, 3)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture))
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(Definition, evidence, AsOf);

        Assert.Equal(expected, evaluation.Tier);
        Assert.Equal(expected, PartnerEvaluator.TierFor(Definition, country, evaluation.TotalRevenue, evaluation.CompetenciesHeld));
    }

    [Fact]
    public void ToReceipt_GroupPartner_NamesTheGroupAndShowsItsFigures()
    {
        var evidence = new EvidenceBuilder(AsOf, Definition)
            .WithCountry("FR")
            .WithAccreditedPeople(Encryption, 2)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, 30_000m)
            .Build();

        var receipt = PartnerEvaluator.Evaluate(Definition, evidence, AsOf).ToReceipt();

        Assert.Equal("france", receipt.CountryGroup);
        var encryption = receipt.Competencies.Single(c => c.CompetencyId == Encryption);
        Assert.Equal(new ClauseReceipt(Clause.CompetencyRevenue, 40_000m, 30_000m, false), encryption.Clauses.Single(c => c.Clause == Clause.CompetencyRevenue));
        Assert.Equal(10_000m, encryption.GapsToNextLevel.Single().Shortfall);
        Assert.Equal(80_000m, receipt.GapsToNextTier.Single(c => c.Clause == Clause.TotalRevenue).Required);
    }

    [Fact]
    public void ToReceipt_PartnerInNoGroup_HasNoGroupAndTheDefaultFigures()
    {
        var evidence = new EvidenceBuilder(AsOf, Definition).WithCountry("ES").WithRevenue(Encryption, 30_000m).Build();

        var receipt = PartnerEvaluator.Evaluate(Definition, evidence, AsOf).ToReceipt();

        Assert.Null(receipt.CountryGroup);
        Assert.Equal(50_000m, receipt.Competencies.Single(c => c.CompetencyId == Encryption).Clauses.Single(c => c.Clause == Clause.CompetencyRevenue).Required);
        Assert.Equal(100_000m, receipt.GapsToNextTier.Single(c => c.Clause == Clause.TotalRevenue).Required);
    }

    [Fact]
    public void Definition_GroupFigures_AreTheDefaultWithTheOverridesLaidOver()
    {
        Assert.Equal("dach", Definition.GroupFor("AT")?.Id);
        Assert.Null(Definition.GroupFor("IT"));
        Assert.Equal(new TierThreshold(Tier.Silver, 80_000m, 1), Definition.ThresholdFor(Tier.Silver, "FR"));
        Assert.Equal(new TierThreshold(Tier.Silver, 100_000m, 1), Definition.ThresholdFor(Tier.Silver, "IT"));
        var dach = Definition.CompetenciesFor("CH")[Definition.IndexOf(Encryption)];
        Assert.Equal(new LevelRequirement(3, 50_000m, 1, null), dach.Principal);
        Assert.Equal(Definition.FindCompetency(Encryption)!.Expert, dach.Expert);
    }
}
