using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// Each clause of each level at, just below and just above its threshold, the other clauses held exactly at the level
/// under test. One competency per market, so the market of references never hides a mistake.
/// </summary>
public sealed class CompetencyLevelThresholdTests
{
    private static string[] OnePerMarket { get; } = [EndpointSecurityEnt, EndpointManagement, BackupRecoverySmb];

    public static TheoryData<string, int, CompetencyLevel> PrincipalPeople => Cases((1, CompetencyLevel.None), (2, CompetencyLevel.Principal), (3, CompetencyLevel.Principal));

    public static TheoryData<string, decimal, CompetencyLevel> PrincipalRevenue => Cases((49_999.99m, CompetencyLevel.None), (50_000m, CompetencyLevel.Principal), (50_000.01m, CompetencyLevel.Principal));

    public static TheoryData<string, int, CompetencyLevel> PrincipalReferences => Cases((0, CompetencyLevel.None), (1, CompetencyLevel.Principal), (2, CompetencyLevel.Principal));

    public static TheoryData<string, int, CompetencyLevel> ExpertPeople => Cases((3, CompetencyLevel.Principal), (4, CompetencyLevel.Expert), (5, CompetencyLevel.Expert));

    public static TheoryData<string, decimal, CompetencyLevel> ExpertRevenue => Cases((249_999.99m, CompetencyLevel.Principal), (250_000m, CompetencyLevel.Expert), (250_000.01m, CompetencyLevel.Expert));

    public static TheoryData<string, int, CompetencyLevel> ExpertReferences => Cases((2, CompetencyLevel.Principal), (3, CompetencyLevel.Expert), (4, CompetencyLevel.Expert));

    public static TheoryData<string, decimal, CompetencyLevel> ExpertSatisfaction => Cases((3.99m, CompetencyLevel.Principal), (4.00m, CompetencyLevel.Expert), (4.01m, CompetencyLevel.Expert));

    [Theory]
    [MemberData(nameof(PrincipalPeople))]
    public void Evaluate_PrincipalAccreditedPeople_AtBelowAbove(string competencyId, int people, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, people)
            .WithRevenue(competencyId, 50_000m)
            .WithReferences(competencyId, 1)
            .Build();

        var standing = Evaluate(evidence).StandingOf(competencyId);

        Assert.Equal(expected, standing.Level);
        Assert.Equal(people, standing.AccreditedPeople);
    }

    [Theory]
    [MemberData(nameof(PrincipalRevenue))]
    public void Evaluate_PrincipalCompetencyRevenue_AtBelowAbove(string competencyId, decimal revenue, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 2)
            .WithRevenue(competencyId, revenue)
            .WithReferences(competencyId, 1)
            .Build();

        var standing = Evaluate(evidence).StandingOf(competencyId);

        Assert.Equal(expected, standing.Level);
        Assert.Equal(revenue, standing.Revenue);
    }

    [Theory]
    [MemberData(nameof(PrincipalReferences))]
    public void Evaluate_PrincipalValidatedReferences_AtBelowAbove(string competencyId, int references, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 2)
            .WithRevenue(competencyId, 50_000m)
            .WithReferences(competencyId, references)
            .Build();

        var standing = Evaluate(evidence).StandingOf(competencyId);

        Assert.Equal(expected, standing.Level);
        Assert.Equal(references, standing.ValidatedReferences);
    }

    [Theory]
    [MemberData(nameof(ExpertPeople))]
    public void Evaluate_ExpertAccreditedPeople_AtBelowAbove(string competencyId, int people, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, people)
            .WithRevenue(competencyId, 250_000m)
            .WithReferences(competencyId, 3, satisfaction: 4.0m)
            .Build();

        Assert.Equal(expected, Evaluate(evidence).LevelOf(competencyId));
    }

    [Theory]
    [MemberData(nameof(ExpertRevenue))]
    public void Evaluate_ExpertCompetencyRevenue_AtBelowAbove(string competencyId, decimal revenue, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 4)
            .WithRevenue(competencyId, revenue)
            .WithReferences(competencyId, 3, satisfaction: 4.0m)
            .Build();

        Assert.Equal(expected, Evaluate(evidence).LevelOf(competencyId));
    }

    [Theory]
    [MemberData(nameof(ExpertReferences))]
    public void Evaluate_ExpertValidatedReferences_AtBelowAbove(string competencyId, int references, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 4)
            .WithRevenue(competencyId, 250_000m)
            .WithReferences(competencyId, references, satisfaction: 4.0m)
            .Build();

        Assert.Equal(expected, Evaluate(evidence).LevelOf(competencyId));
    }

    [Theory]
    [MemberData(nameof(ExpertSatisfaction))]
    public void Evaluate_ExpertSatisfactionAverage_AtBelowAbove(string competencyId, decimal satisfaction, CompetencyLevel expected)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 4)
            .WithRevenue(competencyId, 250_000m)
            .WithReferences(competencyId, 3, satisfaction)
            .Build();

        var standing = Evaluate(evidence).StandingOf(competencyId);

        Assert.Equal(expected, standing.Level);
        Assert.Equal(satisfaction, standing.AverageSatisfaction);
    }

    [Theory]
    [MemberData(nameof(Competencies))]
    public void Evaluate_ExpertSatisfactionNotMeasured_Holds(string competencyId)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(competencyId, 4)
            .WithRevenue(competencyId, 250_000m)
            .WithReferences(competencyId, 3, satisfaction: null)
            .Build();

        var standing = Evaluate(evidence).StandingOf(competencyId);

        Assert.Equal(CompetencyLevel.Expert, standing.Level);
        Assert.Null(standing.AverageSatisfaction);
        Assert.Equal(0, standing.SatisfactionCount);
    }

    public static TheoryData<decimal?[], CompetencyLevel> MixedScores => new()
    {
        { [5.0m, 4.0m, 3.0m], CompetencyLevel.Expert },
        { [4.1m, 4.1m, 3.8m], CompetencyLevel.Expert },
        { [4.0m, 4.0m, 3.97m], CompetencyLevel.Principal },
        { [null, null, 4.0m], CompetencyLevel.Expert },
        { [null, 3.9m, null], CompetencyLevel.Principal },
        { [null, 5.0m, 3.0m], CompetencyLevel.Expert },
        { [null, 4.5m, 3.4m], CompetencyLevel.Principal },
    };

    [Theory]
    [MemberData(nameof(MixedScores))]
    public void Evaluate_ExpertSatisfaction_IsAverageOfMeasuredReferencesOnly(decimal?[] scores, CompetencyLevel expected)
    {
        var builder = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, 4)
            .WithRevenue(EndpointSecurityEnt, 250_000m);
        foreach (var score in scores)
        {
            builder.WithReferences(EndpointSecurityEnt, 1, score);
        }

        var standing = Evaluate(builder.Build()).StandingOf(EndpointSecurityEnt);

        Assert.Equal(expected, standing.Level);
        Assert.Equal(scores.Count(s => s is not null), standing.SatisfactionCount);
        Assert.Equal(scores.Sum(s => s ?? 0m), standing.SatisfactionSum);
    }

    [Theory]
    [MemberData(nameof(Competencies))]
    public void Evaluate_ExactlyPrincipalEvidence_IsPrincipal(string competencyId)
    {
        var evaluation = Evaluate(new EvidenceBuilder().Qualifying(competencyId, CompetencyLevel.Principal).Build());

        Assert.Equal(CompetencyLevel.Principal, evaluation.LevelOf(competencyId));
        Assert.Equal(1, evaluation.CompetenciesHeld);
    }

    [Theory]
    [MemberData(nameof(Competencies))]
    public void Evaluate_ExactlyExpertEvidence_IsExpert(string competencyId)
    {
        var evaluation = Evaluate(new EvidenceBuilder().Qualifying(competencyId, CompetencyLevel.Expert).Build());

        Assert.Equal(CompetencyLevel.Expert, evaluation.LevelOf(competencyId));
        Assert.Equal(1, evaluation.CompetenciesHeld);
    }

    [Fact]
    public void Evaluate_NoEvidence_HoldsNothing()
    {
        var evaluation = Evaluate(new EvidenceBuilder().Build());

        Assert.All(evaluation.Standings.ToArray(), s => Assert.Equal(default(CompetencyStanding), s));
        Assert.Equal(0, evaluation.CompetenciesHeld);
        Assert.Equal(0m, evaluation.TotalRevenue);
        Assert.Equal(Tier.Registered, evaluation.Tier);
    }

    [Fact]
    public void Evaluate_ExpertEvidenceInOneCompetency_DoesNotSpillIntoAnother()
    {
        var evaluation = Evaluate(new EvidenceBuilder().Qualifying(EndpointSecurityEnt, CompetencyLevel.Expert).Build());

        Assert.Equal(CompetencyLevel.Expert, evaluation.LevelOf(EndpointSecurityEnt));
        Assert.Equal(CompetencyLevel.None, evaluation.LevelOf(EndpointSecuritySmb));
        Assert.Equal(default, evaluation.StandingOf(EndpointSecuritySmb));
    }

    [Fact]
    public void Evaluate_RevenueSplitOverSeveralLines_IsSummed()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(Encryption, 2)
            .WithRevenue(Encryption, 20_000m)
            .WithRevenue(Encryption, 29_999.99m, new DateOnly(2026, 1, 1))
            .WithRevenue(Encryption, 0.01m, new DateOnly(2025, 7, 1))
            .WithReferences(Encryption, 1)
            .Build();

        var standing = Evaluate(evidence).StandingOf(Encryption);

        Assert.Equal(50_000m, standing.Revenue);
        Assert.Equal(CompetencyLevel.Principal, standing.Level);
    }

    [Fact]
    public void Evaluate_PrincipalWithSatisfactionRequirement_LowAverageHoldsNothing()
    {
        var definition = TestDefinitions.Mutated(root => TestDefinitions.Level(root, 0, "principal")["minSatisfaction"] = 3.0m);
        var evidence = new EvidenceBuilder(definition: definition)
            .WithAccreditedPeople(EndpointSecurityEnt, 2)
            .WithRevenue(EndpointSecurityEnt, 50_000m)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 2.99m)
            .Build();

        Assert.Equal(CompetencyLevel.None, PartnerEvaluator.Evaluate(definition, evidence, EvidenceBuilder.DefaultAsOf).LevelOf(EndpointSecurityEnt));
    }

    [Fact]
    public void Evaluate_ZeroThresholdLevel_IsHeldWithoutEvidence()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            var principal = TestDefinitions.Level(root, 7, "principal");
            principal["minAccreditedPeople"] = 0;
            principal["minRevenue"] = 0;
            principal["minValidatedReferences"] = 0;
        });

        var evaluation = PartnerEvaluator.Evaluate(definition, new EvidenceBuilder(definition: definition).Build(), EvidenceBuilder.DefaultAsOf);

        Assert.Equal(CompetencyLevel.Principal, evaluation.LevelOf(IdentityAuthentication));
        Assert.Equal(1, evaluation.CompetenciesHeld);
    }

    [Fact]
    public void Evaluate_NullArguments_Throw()
    {
        var evidence = new EvidenceBuilder().Build();

        Assert.Throws<ArgumentNullException>(() => PartnerEvaluator.Evaluate(null!, evidence, EvidenceBuilder.DefaultAsOf));
        Assert.Throws<ArgumentNullException>(() => PartnerEvaluator.Evaluate(TestDefinitions.Default, null!, EvidenceBuilder.DefaultAsOf));
    }

    [Fact]
    public void StandingOf_UnknownCompetency_ThrowsNamingTheDefinition()
    {
        var evaluation = Evaluate(new EvidenceBuilder().Build());

        var exception = Assert.Throws<ArgumentException>(() => evaluation.StandingOf("tech-dlp"));

        Assert.Contains("tech-dlp", exception.Message, StringComparison.Ordinal);
        Assert.Contains(TestDefinitions.DefaultVersionTag, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Standings_AreAlignedWithTheCatalog()
    {
        var evaluation = Evaluate(new EvidenceBuilder().Qualifying(BackupRecoverySmb, CompetencyLevel.Principal).Build());

        Assert.Equal(TestDefinitions.Default.Competencies.Count, evaluation.Standings.Length);
        Assert.Equal(CompetencyLevel.Principal, evaluation.Standings[TestDefinitions.Default.IndexOf(BackupRecoverySmb)].Level);
    }

    public static TheoryData<string> Competencies => new(All);

    private static PartnerEvaluation Evaluate(PartnerEvidence evidence) =>
        PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);

    private static TheoryData<string, T, CompetencyLevel> Cases<T>(params (T Value, CompetencyLevel Expected)[] values)
    {
        var data = new TheoryData<string, T, CompetencyLevel>();
        foreach (var competencyId in OnePerMarket)
        {
            foreach (var (value, expected) in values)
            {
                data.Add(competencyId, value, expected);
            }
        }

        return data;
    }
}
