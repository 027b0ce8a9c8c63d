using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// <see cref="PartnerEvaluator.EvaluateMany"/> gives exactly what one call per partner gives; an evaluation's measured
/// figures, taken on first use, explain its decision, and an evidence list changed after the evaluation is reported.
/// </summary>
public sealed class BatchAndMeasuredFiguresTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 1);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(500)]
    public void EvaluateMany_GeneratedPartners_SameAsOneCallPerPartner(int count)
    {
        var definition = TestDefinitions.Default;
        var partners = new DemoPartnerGenerator(definition, new DemoGenerationOptions(Seed: 7, ReferenceDate: AsOf)).GenerateMany(count).ToArray();
        var evaluations = new PartnerEvaluation[count];

        PartnerEvaluator.EvaluateMany(definition, partners, AsOf, evaluations);

        for (var i = 0; i < count; i++)
        {
            var one = PartnerEvaluator.Evaluate(definition, partners[i], AsOf);
            Assert.Equal(Describe(one), Describe(evaluations[i]));
        }
    }

    [Fact]
    public void EvaluateMany_EvidenceInListsAndEmptyPeople_SameAsOneCallPerPartner()
    {
        var definition = TestDefinitions.Default;
        var generated = new DemoPartnerGenerator(definition, new DemoGenerationOptions(Seed: 8, ReferenceDate: AsOf)).GenerateMany(40).ToArray();
        var partners = generated
            .Select((p, i) => i % 3 == 0
                ? p with { People = p.People.Select(x => x with { Accreditations = x.Accreditations.ToList() }).ToList(), Revenue = p.Revenue.ToList(), References = p.References.ToList() }
                : i % 3 == 1 ? p with { People = [] } : p)
            .ToArray();
        var evaluations = new PartnerEvaluation[partners.Length];

        PartnerEvaluator.EvaluateMany(definition, partners, AsOf, evaluations);

        for (var i = 0; i < partners.Length; i++)
        {
            Assert.Equal(Describe(PartnerEvaluator.Evaluate(definition, partners[i], AsOf)), Describe(evaluations[i]));
        }
    }

    [Fact]
    public void EvaluateMany_TooFewEvaluationSlots_ThrowsAndEvaluatesNothing()
    {
        var partners = new[] { new EvidenceBuilder().Build(), new EvidenceBuilder().Build() };
        var evaluations = new PartnerEvaluation[1];

        var error = Assert.Throws<ArgumentException>(() => PartnerEvaluator.EvaluateMany(TestDefinitions.Default, partners, AsOf, evaluations));

        Assert.Equal("evaluations", error.ParamName);
        Assert.Null(evaluations[0]);
    }

    [Fact]
    public void EvaluateMany_NullEvidenceInThePage_ThrowsArgumentNull()
    {
        var partners = new PartnerEvidence[12];
        for (var i = 0; i < partners.Length; i++)
        {
            partners[i] = new EvidenceBuilder().Build();
        }

        partners[10] = null!;

        Assert.Throws<ArgumentNullException>(() => PartnerEvaluator.EvaluateMany(TestDefinitions.Default, partners, AsOf, new PartnerEvaluation[12]));
    }

    [Fact]
    public void Standings_EvidenceListChangedAfterEvaluation_ThrowsInsteadOfExplainingWithOtherFigures()
    {
        var revenue = new List<RevenueLine>();
        var evidence = new EvidenceBuilder().Qualifying(Encryption, CompetencyLevel.Principal).Build() with { Revenue = revenue };
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);
        Assert.Equal(CompetencyLevel.None, evaluation.LevelOf(Encryption));

        revenue.Add(new RevenueLine("r-late", Encryption, new DateOnly(2026, 6, 1), 1_000_000m, TestDefinitions.Default.Currency));

        var error = Assert.Throws<InvalidOperationException>(() => evaluation.StandingOf(Encryption));
        Assert.Contains("changed after it was evaluated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standings_UnchangedEvidence_ExplainTheDecision()
    {
        var evidence = new EvidenceBuilder().Qualifying(Encryption, CompetencyLevel.Expert).Qualifying(DataLossPrevention, CompetencyLevel.Principal).Build();
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);

        var standings = evaluation.Standings.ToArray();

        for (var i = 0; i < standings.Length; i++)
        {
            Assert.Equal(evaluation.LevelAt(i), standings[i].Level);
        }

        Assert.Equal(CompetencyLevel.Expert, evaluation.StandingOf(Encryption).Level);
        Assert.Equal(CompetencyLevel.Principal, evaluation.LevelOf(DataLossPrevention));
        Assert.Equal(evaluation.TotalRevenue, standings.Sum(s => s.Revenue));
    }

    [Fact]
    public void Evaluate_CompetencyWhosePrincipalAsksNothing_IsHeldWithoutEvidence()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            var principal = TestDefinitions.Level(root, 4, "principal");
            principal["minAccreditedPeople"] = 0;
            principal["minRevenue"] = 0;
            principal["minValidatedReferences"] = 0;
        });
        var evidence = new EvidenceBuilder(definition: definition).Qualifying(Encryption, CompetencyLevel.Principal).Build();

        var empty = PartnerEvaluator.Evaluate(definition, new EvidenceBuilder(definition: definition).Build(), EvidenceBuilder.DefaultAsOf);
        var some = PartnerEvaluator.Evaluate(definition, evidence, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(CompetencyLevel.Principal, empty.LevelAt(4));
        Assert.Equal(1, empty.CompetenciesHeld);
        Assert.Equal(CompetencyLevel.Principal, some.LevelAt(4));
        Assert.Equal(CompetencyLevel.Principal, empty.Standings[4].Level);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12)]
    public void LevelAt_OutsideTheCatalog_Throws(int index)
    {
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, new EvidenceBuilder().Build(), EvidenceBuilder.DefaultAsOf);

        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.LevelAt(index));
    }

    [Fact]
    public void DecimalLayout_ThisRuntime_IsReadDirectly()
    {
        // The scaled revenue path reads decimals through this layout; were it unknown, GetBits would be used instead
        // (correct, slower). This pins that the fast read is the one in use here.
        Assert.True(DecimalLayout.Known);
    }

    private static string Describe(PartnerEvaluation evaluation)
    {
        var standings = string.Join(";", evaluation.Standings.ToArray().Select(s => $"{s.Level},{s.AccreditedPeople},{s.Revenue},{s.ValidatedReferences},{s.SatisfactionSum},{s.SatisfactionCount}"));
        return $"{evaluation.PartnerId}|{evaluation.Tier}|{evaluation.CompetenciesHeld}|{evaluation.TotalRevenue}|{evaluation.DefinitionVersion}|{standings}";
    }
}
