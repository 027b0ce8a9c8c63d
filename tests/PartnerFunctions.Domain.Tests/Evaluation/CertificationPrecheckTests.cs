using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// A certification may start only when Principal is reachable with every reference it would send for review approved;
/// each clause on both sides of its threshold, and the references that would (and would not) be sent.
/// </summary>
public sealed class CertificationPrecheckTests
{
    private static readonly LevelRequirement Principal = TestDefinitions.Default.FindCompetency(EndpointSecurityEnt)!.Principal;

    public static TheoryData<string, int, decimal, int, int, bool, Clause[]> Cases => new()
    {
        // case, people, revenue, references submitted, references approved, can start, clauses missing
        { "exactly Principal, references awaiting review", Principal.MinAccreditedPeople, Principal.MinRevenue, Principal.MinValidatedReferences, 0, true, [] },
        { "exactly Principal, references approved already", Principal.MinAccreditedPeople, Principal.MinRevenue, 0, Principal.MinValidatedReferences, true, [] },
        { "approved and awaiting together", Principal.MinAccreditedPeople, Principal.MinRevenue, 1, Principal.MinValidatedReferences - 1, true, [] },
        { "one person short", Principal.MinAccreditedPeople - 1, Principal.MinRevenue, Principal.MinValidatedReferences, 0, false, [Clause.AccreditedPeople] },
        { "a cent of revenue short", Principal.MinAccreditedPeople, Principal.MinRevenue - 0.01m, Principal.MinValidatedReferences, 0, false, [Clause.CompetencyRevenue] },
        { "one reference short", Principal.MinAccreditedPeople, Principal.MinRevenue, Principal.MinValidatedReferences - 1, 0, false, [Clause.ValidatedReferences] },
        { "nothing at all", 0, 0m, 0, 0, false, [Clause.AccreditedPeople, Clause.CompetencyRevenue, Clause.ValidatedReferences] },
        { "references only", 0, 0m, Principal.MinValidatedReferences + 2, 0, false, [Clause.AccreditedPeople, Clause.CompetencyRevenue] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_EvidenceAroundPrincipal_StartsOnlyWhenEveryClauseCanBeMet(string @case, int people, decimal revenue, int submitted, int approved, bool canStart, Clause[] missing)
    {
        var builder = new EvidenceBuilder().WithAccreditedPeople(EndpointSecurityEnt, people).WithReferences(EndpointSecurityEnt, approved).WithReferences(EndpointSecurityEnt, submitted, state: ReferenceState.Submitted);
        if (revenue > 0)
        {
            builder.WithRevenue(EndpointSecurityEnt, revenue);
        }

        var check = CertificationPrecheck.Of(TestDefinitions.Default, builder.Build(), EndpointSecurityEnt, EvidenceBuilder.DefaultAsOf);

        Assert.True(canStart == check.CanReachPrincipal, @case);
        Assert.Equal(missing, check.MissingForPrincipal.Select(c => c.Clause));
        Assert.Equal(canStart ? CompetencyLevel.Principal : CompetencyLevel.None, check.LevelIfAllApproved);
    }

    [Theory]
    [InlineData(ReferenceState.Submitted, null, true)]
    [InlineData(ReferenceState.InReview, null, true)]
    [InlineData(ReferenceState.Rejected, null, false)]
    [InlineData(ReferenceState.Submitted, Market.SmallBusiness, false)]
    [InlineData(ReferenceState.Submitted, Market.Midmarket, false)]
    public void Of_TheMissingReference_CountsOnlyWhenItWouldBeSentForReview(ReferenceState state, Market? market, bool canStart)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, Principal.MinAccreditedPeople)
            .WithRevenue(EndpointSecurityEnt, Principal.MinRevenue)
            .WithReferences(EndpointSecurityEnt, Principal.MinValidatedReferences - 1)
            .WithReferences(EndpointSecurityEnt, 1, state: state, market: market)
            .Build();

        var check = CertificationPrecheck.Of(TestDefinitions.Default, evidence, EndpointSecurityEnt, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(canStart, check.CanReachPrincipal);
        Assert.Equal(canStart ? [] : [Clause.ValidatedReferences], check.MissingForPrincipal.Select(c => c.Clause));
    }

    [Fact]
    public void Of_ExpertEvidenceWithReferencesAwaiting_ReportsExpertAndLeavesTheEvidenceUnchanged()
    {
        var expert = TestDefinitions.Default.FindCompetency(EndpointSecurityEnt)!.Expert;
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(EndpointSecurityEnt, expert.MinAccreditedPeople)
            .WithRevenue(EndpointSecurityEnt, expert.MinRevenue)
            .WithReferences(EndpointSecurityEnt, expert.MinValidatedReferences, satisfaction: expert.MinSatisfaction, state: ReferenceState.InReview)
            .Build();

        var check = CertificationPrecheck.Of(TestDefinitions.Default, evidence, EndpointSecurityEnt, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(CompetencyLevel.Expert, check.LevelIfAllApproved);
        Assert.All(evidence.References, r => Assert.Equal(ReferenceState.InReview, r.State));
        Assert.Equal(CompetencyLevel.None, PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf).LevelOf(EndpointSecurityEnt));
    }

    [Fact]
    public void Of_UnknownCompetency_Throws()
    {
        Assert.Throws<ArgumentException>(() => CertificationPrecheck.Of(TestDefinitions.Default, new EvidenceBuilder().Build(), "no-such-competency", EvidenceBuilder.DefaultAsOf));
    }
}
