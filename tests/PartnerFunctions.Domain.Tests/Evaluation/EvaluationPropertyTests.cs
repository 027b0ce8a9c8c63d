using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// Properties over a few hundred generated partners (seeded, so every run sees the same partners): the evaluator
/// agrees with a plain re-statement of the rules, more evidence never hurts, less never helps, and the same inputs
/// always give the same receipt.
/// </summary>
public sealed class EvaluationPropertyTests
{
    private const int Partners = 300;

    private static Dictionary<string, Action<JsonNode>> Variants { get; } = new()
    {
        ["default"] = _ => { },
        ["accreditations valid 1 month"] = root => root["accreditationValidityMonths"] = 1,
        ["accreditations valid 13 months"] = root => root["accreditationValidityMonths"] = 13,
        ["revenue window 1 month"] = root => root["revenueWindowMonths"] = 1,
        ["revenue window 36 months"] = root => root["revenueWindowMonths"] = 36,
        ["country groups with figures of their own"] = root => root["countryGroups"] = JsonNode.Parse(
            """
            [
              { "id": "france", "name": "France", "countries": ["FR"],
                "tiers": [ { "tier": "silver", "minRevenue": 60000 }, { "tier": "platinum", "minCompetencies": 2 } ],
                "competencies": [
                  { "id": "encryption", "levels": { "principal": { "minRevenue": 20000, "minAccreditedPeople": 1 } } },
                  { "id": "endpoint-security-ent", "levels": { "expert": { "minValidatedReferences": 2, "minSatisfaction": 3.5 } } } ] },
              { "id": "switzerland", "name": "Switzerland", "countries": ["CH", "LI"], "currency": "CHF",
                "tiers": [ { "tier": "gold", "minRevenue": 700000 } ],
                "competencies": [ { "id": "encryption", "levels": { "principal": { "minAccreditedPeople": 3 }, "expert": { "minAccreditedPeople": 5 } } } ] }
            ]
            """),
        ["satisfaction asked at principal too"] = root =>
        {
            foreach (var competency in root["competencies"]!.AsArray())
            {
                competency!["levels"]!["principal"]!["minSatisfaction"] = 3.5m;
                competency["levels"]!["expert"]!["minSatisfaction"] = 4.5m;
            }
        },
    };

    public static TheoryData<string> VariantNames => new(Variants.Keys);

    [Theory]
    [MemberData(nameof(VariantNames))]
    public void Evaluate_GeneratedPartners_AgreesWithPlainRestatementOfTheRules(string variant)
    {
        var definition = TestDefinitions.Mutated(Variants[variant]);
        var generator = new RandomPartnerGenerator(seed: 20261001, definition);
        var levels = new int[3];
        var tiers = new int[4];

        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);

            var expected = NaiveEvaluator.Evaluate(definition, evidence, asOf);
            var actual = PartnerEvaluator.Evaluate(definition, evidence, asOf);

            var actualStandings = actual.Standings.ToArray()
                .Select(s => new NaiveStanding(s.AccreditedPeople, s.Revenue, s.ValidatedReferences, s.AverageSatisfaction, s.Level))
                .ToArray();
            if (!expected.Standings.SequenceEqual(actualStandings)
                || expected.TotalRevenue != actual.TotalRevenue
                || expected.CompetenciesHeld != actual.CompetenciesHeld
                || expected.Tier != actual.Tier)
            {
                Assert.Fail(Describe(evidence, asOf) + $"\nexpected {string.Join(", ", expected.Standings)} {expected.TotalRevenue} {expected.Tier}"
                    + $"\nactual   {string.Join(", ", actualStandings)} {actual.TotalRevenue} {actual.Tier}");
            }

            foreach (var standing in actualStandings)
            {
                levels[(int)standing.Level]++;
            }

            tiers[(int)actual.Tier]++;
        }

        // The generator must reach every level and most tiers (Platinum is rare when accreditations last a month or revenue
        // counts for one), or agreement would prove little.
        Assert.All(levels, count => Assert.True(count > 0, $"levels reached: {string.Join("/", levels)}"));
        Assert.True(tiers.Count(count => count > 0) >= (variant == "default" ? 4 : 3), $"tiers reached: {string.Join("/", tiers)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Evaluate_AddingEvidence_NeverLowersAnyLevelOrTier(int seed)
    {
        var definition = TestDefinitions.Default;
        var generator = new RandomPartnerGenerator(seed, definition);
        var raised = 0;

        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);
            var before = PartnerEvaluator.Evaluate(definition, evidence, asOf);
            for (var step = 0; step < 4; step++)
            {
                var more = generator.AddEvidence(evidence, asOf);
                var after = PartnerEvaluator.Evaluate(definition, more, asOf);

                raised += AssertNotLower(before, after, () => Describe(more, asOf));
                (evidence, before) = (more, after);
            }
        }

        Assert.True(raised >= Partners / 10, $"only {raised} levels or tiers went up: the additions barely matter");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Evaluate_RemovingEvidence_NeverRaisesAnyLevelOrTier(int seed)
    {
        var definition = TestDefinitions.Default;
        var generator = new RandomPartnerGenerator(seed, definition);
        var lowered = 0;

        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);
            for (var add = 0; add < 6; add++)
            {
                evidence = generator.AddEvidence(evidence, asOf);
            }

            var before = PartnerEvaluator.Evaluate(definition, evidence, asOf);
            for (var step = 0; step < 6 && generator.RemoveEvidence(evidence) is { } less; step++)
            {
                var after = PartnerEvaluator.Evaluate(definition, less, asOf);

                lowered += AssertNotLower(after, before, () => Describe(evidence, asOf));
                (evidence, before) = (less, after);
            }
        }

        Assert.True(lowered >= Partners / 10, $"only {lowered} levels or tiers went down: the removals barely matter");
    }

    [Fact]
    public void Evaluate_SameInputs_GiveEqualReceipts()
    {
        var generator = new RandomPartnerGenerator(seed: 7);
        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);

            var first = ReceiptJson(evidence, asOf);
            var second = ReceiptJson(evidence, asOf);

            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void Evaluate_EvidenceInAnotherOrder_GivesEqualReceipt()
    {
        var generator = new RandomPartnerGenerator(seed: 8);
        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);

            Assert.Equal(ReceiptJson(evidence, asOf), ReceiptJson(generator.Shuffle(evidence), asOf));
        }
    }

    [Fact]
    public void Evaluate_EvidenceCopiedThroughJson_GivesEqualReceipt()
    {
        var generator = new RandomPartnerGenerator(seed: 9);
        for (var i = 0; i < 50; i++)
        {
            var asOf = generator.NextAsOf();
            var evidence = generator.NextPartner(asOf);
            var copy = JsonSerializer.Deserialize<PartnerEvidence>(JsonSerializer.Serialize(evidence))!;

            Assert.Equal(ReceiptJson(evidence, asOf), ReceiptJson(copy, asOf));
        }
    }

    [Fact]
    public void RandomPartnerGenerator_SameSeed_GeneratesSamePartners()
    {
        var first = new RandomPartnerGenerator(seed: 10);
        var second = new RandomPartnerGenerator(seed: 10);
        for (var i = 0; i < 20; i++)
        {
            var asOf = first.NextAsOf();
            Assert.Equal(asOf, second.NextAsOf());
            Assert.Equal(JsonSerializer.Serialize(first.NextPartner(asOf)), JsonSerializer.Serialize(second.NextPartner(asOf)));
        }
    }

    [Fact]
    public void ToReceipt_GeneratedPartners_AreInternallyConsistent()
    {
        var definition = TestDefinitions.Default;
        var generator = new RandomPartnerGenerator(seed: 11, definition);
        var tiers = new HashSet<Tier>();
        for (var i = 0; i < Partners; i++)
        {
            var asOf = generator.NextAsOf();
            var evaluation = PartnerEvaluator.Evaluate(definition, generator.NextPartner(asOf), asOf);
            var receipt = evaluation.ToReceipt();
            tiers.Add(receipt.Tier);

            Assert.Equal(receipt.Competencies.Count(c => c.Level != CompetencyLevel.None), receipt.CompetenciesHeld);
            Assert.Equal(evaluation.TierWith(receipt.CompetenciesHeld), receipt.Tier);
            Assert.Equal(receipt.Tier == Tier.Platinum, receipt.GapsToNextTier.Count == 0);
            Assert.All(receipt.TierClauses, c => Assert.True(c.Met));
            for (var index = 0; index < receipt.Competencies.Count; index++)
            {
                var competency = receipt.Competencies[index];
                var principal = evaluation.ClausesFor(index, CompetencyLevel.Principal);
                var expert = evaluation.ClausesFor(index, CompetencyLevel.Expert);
                Assert.All(principal.Concat(expert), AssertClauseConsistent);
                var expectedLevel = expert.All(c => c.Met) ? CompetencyLevel.Expert : principal.All(c => c.Met) ? CompetencyLevel.Principal : CompetencyLevel.None;
                Assert.Equal(expectedLevel, competency.Level);
                var next = competency.Level == CompetencyLevel.None ? principal : competency.Level == CompetencyLevel.Principal ? expert : [];
                Assert.Equal(next.Where(c => !c.Met), competency.GapsToNextLevel);
                Assert.All(competency.GapsToNextLevel, g => Assert.True(g.Shortfall > 0m));
            }
        }

        Assert.Equal(Enum.GetValues<Tier>(), tiers.Order());
    }

    private static void AssertClauseConsistent(ClauseReceipt clause)
    {
        if (clause.Actual is null)
        {
            Assert.Equal(Clause.Satisfaction, clause.Clause);
            Assert.True(clause.Met);
        }
        else
        {
            Assert.Equal(clause.Actual >= clause.Required, clause.Met);
        }
    }

    // Asserts that nothing in `higher` is below `lower`; returns how many levels and tiers are strictly above.
    private static int AssertNotLower(PartnerEvaluation lower, PartnerEvaluation higher, Func<string> describe)
    {
        var raised = 0;
        var low = lower.Standings.ToArray();
        var high = higher.Standings.ToArray();
        for (var i = 0; i < low.Length; i++)
        {
            if (high[i].Level < low[i].Level
                || high[i].AccreditedPeople < low[i].AccreditedPeople
                || high[i].Revenue < low[i].Revenue
                || high[i].ValidatedReferences < low[i].ValidatedReferences)
            {
                Assert.Fail($"{lower.Definition.Competencies[i].Id} went from {low[i]} to {high[i]} for {describe()}");
            }

            raised += high[i].Level > low[i].Level ? 1 : 0;
        }

        if (higher.Tier < lower.Tier || higher.CompetenciesHeld < lower.CompetenciesHeld || higher.TotalRevenue < lower.TotalRevenue)
        {
            Assert.Fail($"tier went from {lower.Tier} ({lower.TotalRevenue}, {lower.CompetenciesHeld}) to {higher.Tier} ({higher.TotalRevenue}, {higher.CompetenciesHeld}) for {describe()}");
        }

        return raised + (higher.Tier > lower.Tier ? 1 : 0);
    }

    private static string ReceiptJson(PartnerEvidence evidence, DateOnly asOf) =>
        JsonSerializer.Serialize(PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, asOf).ToReceipt());

    private static string Describe(PartnerEvidence evidence, DateOnly asOf) =>
        string.Create(CultureInfo.InvariantCulture, $"{evidence.Partner.Id} as of {asOf:yyyy-MM-dd}: {JsonSerializer.Serialize(evidence)}");
}
