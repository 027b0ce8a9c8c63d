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
            Assert.Equal(EvaluationText.Of(one), EvaluationText.Of(evaluations[i]));
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
            Assert.Equal(EvaluationText.Of(PartnerEvaluator.Evaluate(definition, partners[i], AsOf)), EvaluationText.Of(evaluations[i]));
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
    public void Standings_ListsChangedAfterTheEvidenceWasMade_EvidenceAndFiguresKeepWhatWasGiven()
    {
        var revenue = new List<RevenueLine>();
        var accreditations = new List<Accreditation>();
        var person = new Person("p-late", "Late Person", new DateOnly(2020, 1, 1), null, accreditations);
        var evidence = new EvidenceBuilder().Qualifying(Encryption, CompetencyLevel.Principal).Build() with { Revenue = revenue };
        evidence = evidence with { People = [.. evidence.People, person] };
        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);
        var people = evaluation.StandingOf(Encryption).AccreditedPeople;

        revenue.Add(new RevenueLine("r-late", Encryption, new DateOnly(2026, 6, 1), 1_000_000m, TestDefinitions.Default.Currency));
        accreditations.Add(new Accreditation(Encryption, new DateOnly(2026, 1, 1), null));

        Assert.Empty(evidence.Revenue);
        Assert.Empty(evidence.People[^1].Accreditations);
        Assert.Equal(CompetencyLevel.None, evaluation.LevelOf(Encryption));
        Assert.Equal(0m, evaluation.StandingOf(Encryption).Revenue);
        Assert.Equal(people, evaluation.StandingOf(Encryption).AccreditedPeople);
        var again = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);
        Assert.Equal(CompetencyLevel.None, again.LevelOf(Encryption));
        Assert.Equal(people, again.StandingOf(Encryption).AccreditedPeople);
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

    [Theory]
    [InlineData("12.5", true, 125_000L, 1)]
    [InlineData("-12.50", true, -125_000L, 2)]
    [InlineData("0.0001", true, 1L, 4)]
    [InlineData("0.00001", false, 0L, 5)]
    [InlineData("450359962737.0495", true, 4_503_599_627_370_495L, 4)] // 2^52 - 1 ten-thousandths: the largest kept
    [InlineData("450359962737.0496", false, 0L, 4)] // 2^52
    [InlineData("450359962737", true, 4_503_599_627_370_000L, 0)]
    [InlineData("450359962738", false, 0L, 0)] // would be above 2^52 once multiplied
    [InlineData("79228162514264337593543950335", false, 0L, 0)] // decimal.MaxValue: high bits set
    public void TryScale_Amount_UnitsAndScaleOrRefused(string amount, bool scaled, long units, byte scale)
    {
        var ok = RevenueFact.TryScale(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), out var actualUnits, out var actualScale);

        Assert.Equal(scaled, ok);
        Assert.Equal(units, actualUnits);
        Assert.Equal(scale, actualScale);
    }
}
