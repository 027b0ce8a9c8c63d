using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>Only approved references from customers of the competency's own market count.</summary>
public sealed class ReferenceCountingTests
{
    [Theory]
    [InlineData(ReferenceState.Approved, 1)]
    [InlineData(ReferenceState.Submitted, 0)]
    [InlineData(ReferenceState.InReview, 0)]
    [InlineData(ReferenceState.Rejected, 0)]
    public void Evaluate_ReferenceState_OnlyApprovedCounts(ReferenceState state, int expected)
    {
        var evidence = new EvidenceBuilder().WithReferences(EndpointSecurityEnt, 1, state: state).Build();

        Assert.Equal(expected, Evaluate(evidence).StandingOf(EndpointSecurityEnt).ValidatedReferences);
    }

    public static TheoryData<string, Market, int> Markets
    {
        get
        {
            var data = new TheoryData<string, Market, int>();
            foreach (var competency in TestDefinitions.Default.Competencies)
            {
                foreach (var market in Enum.GetValues<Market>())
                {
                    data.Add(competency.Id, market, market == competency.Market ? 1 : 0);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Markets))]
    public void Evaluate_ApprovedReferenceMarket_OnlyTheCompetencysMarketCounts(string competencyId, Market customerMarket, int expected)
    {
        var evidence = new EvidenceBuilder().WithReferences(competencyId, 1, market: customerMarket).Build();

        Assert.Equal(expected, Evaluate(evidence).StandingOf(competencyId).ValidatedReferences);
    }

    [Fact]
    public void Evaluate_ReferencesOfWrongMarketOrNotApproved_DoNotMakePrincipal()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecuritySmb, 2)
            .WithRevenue(EndpointSecuritySmb, 50_000m)
            .WithReferences(EndpointSecuritySmb, 3, market: Market.Enterprise)
            .WithReferences(EndpointSecuritySmb, 1, state: ReferenceState.Submitted)
            .WithReferences(EndpointSecuritySmb, 1, state: ReferenceState.InReview)
            .WithReferences(EndpointSecuritySmb, 1, state: ReferenceState.Rejected)
            .Build();

        var standing = Evaluate(evidence).StandingOf(EndpointSecuritySmb);

        Assert.Equal(0, standing.ValidatedReferences);
        Assert.Equal(CompetencyLevel.None, standing.Level);
    }

    [Fact]
    public void Evaluate_ApprovedReferenceFromRightMarket_MakesPrincipal()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecuritySmb, 2)
            .WithRevenue(EndpointSecuritySmb, 50_000m)
            .WithReferences(EndpointSecuritySmb, 1, market: Market.SmallBusiness)
            .Build();

        Assert.Equal(CompetencyLevel.Principal, Evaluate(evidence).LevelOf(EndpointSecuritySmb));
    }

    [Fact]
    public void Evaluate_ReferenceForOneCompetency_DoesNotCountForAnotherOfTheSameMarket()
    {
        var evidence = new EvidenceBuilder().WithReferences(DataLossPrevention, 2).Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(2, evaluation.StandingOf(DataLossPrevention).ValidatedReferences);
        Assert.Equal(0, evaluation.StandingOf(EndpointSecurityEnt).ValidatedReferences);
    }

    [Fact]
    public void Evaluate_ReferenceForUnknownCompetency_IsIgnored()
    {
        var evidence = new EvidenceBuilder().WithReferences("tech-dlp", 2, market: Market.Enterprise).Build();

        Assert.All(Evaluate(evidence).Standings.ToArray(), s => Assert.Equal(0, s.ValidatedReferences));
    }

    [Fact]
    public void Evaluate_LowSatisfactionOfReferencesThatDoNotCount_IsIgnored()
    {
        var evidence = new EvidenceBuilder()
            .Qualifying(EndpointSecurityEnt, CompetencyLevel.Expert)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 1.0m, state: ReferenceState.Rejected)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 1.0m, state: ReferenceState.Submitted)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 1.0m, state: ReferenceState.InReview)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 1.0m, market: Market.SmallBusiness)
            .Build();

        var standing = Evaluate(evidence).StandingOf(EndpointSecurityEnt);

        Assert.Equal(CompetencyLevel.Expert, standing.Level);
        Assert.Equal(3, standing.ValidatedReferences);
        Assert.Equal(4.0m, standing.AverageSatisfaction);
    }

    [Fact]
    public void Evaluate_LowSatisfactionOfACountedReference_LowersExpertToPrincipal()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, 4)
            .WithRevenue(EndpointSecurityEnt, 250_000m)
            .WithReferences(EndpointSecurityEnt, 3)
            .WithReferences(EndpointSecurityEnt, 1, satisfaction: 3.0m)
            .Build();

        var standing = Evaluate(evidence).StandingOf(EndpointSecurityEnt);

        Assert.Equal(4, standing.ValidatedReferences);
        Assert.Equal(3.0m, standing.AverageSatisfaction);
        Assert.Equal(CompetencyLevel.Principal, standing.Level);
    }

    private static PartnerEvaluation Evaluate(PartnerEvidence evidence) =>
        PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);
}
