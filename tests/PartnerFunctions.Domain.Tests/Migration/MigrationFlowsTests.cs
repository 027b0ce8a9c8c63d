using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Migration;

/// <summary>Where a migration's partners go: flows counted per legacy specialization, ended ones, losers; parts add up to the whole.</summary>
public sealed class MigrationFlowsTests
{
    private static ProgramDefinition Definition => TestDefinitions.Default;

    private static MigrationPreview Preview(string id, Tier legacyTier, params string[] legacy) =>
        MigrationMapper.Preview(Definition, new EvidenceBuilder(new DateOnly(2026, 10, 1)).WithPartner(id, "Partner " + id).WithLegacySpecializations(legacy).WithLegacyTier(legacyTier).Build());

    [Fact]
    public void Of_NoEvidence_EachLegacySpecializationFlowsToItsCompetenciesNotHeld()
    {
        var flows = MigrationFlows.Of([Preview("p1", Tier.Registered, "tech-endpoint-security"), Preview("p2", Tier.Registered, "tech-endpoint-security")]);

        Assert.Equal(
            [("tech-endpoint-security", EndpointSecurityEnt, CompetencyLevel.None, 2), ("tech-endpoint-security", EndpointSecuritySmb, CompetencyLevel.None, 2)],
            flows.Flows.Select(f => (f.LegacySpecialization, f.CompetencyId, f.Level, f.Partners)));
        Assert.Equal(2, flows.PartnersInto("tech-endpoint-security", EndpointSecuritySmb));
        Assert.Empty(flows.Ended);
    }

    [Fact]
    public void Of_TwoSpecializationsFoldingIntoOneCompetency_CountsThePartnerUnderEach()
    {
        var flows = MigrationFlows.Of([Preview("p1", Tier.Registered, "tech-storage-foundation", "tech-high-availability")]);

        Assert.Equal(1, flows.PartnersInto("tech-storage-foundation", StorageAvailability));
        Assert.Equal(1, flows.PartnersInto("tech-high-availability", StorageAvailability));
    }

    [Fact]
    public void Of_RetiredAndUnknownSpecializations_CountedAsEndedByKind()
    {
        var flows = MigrationFlows.Of([Preview("p1", Tier.Registered, "market-public-sector", "no-such-thing"), Preview("p2", Tier.Registered, "market-public-sector")]);

        Assert.Equal(
            [("market-public-sector", MigrationNoteKind.RetiredSpecialization, 2), ("no-such-thing", MigrationNoteKind.UnknownSpecialization, 1)],
            flows.Ended.Select(e => (e.LegacySpecialization, e.Kind, e.Partners)));
        Assert.Empty(flows.Flows);
    }

    [Theory]
    [InlineData(Tier.Registered, false)]
    [InlineData(Tier.Silver, true)]
    [InlineData(Tier.Platinum, true)]
    public void Of_LegacyTierAboveWhatTheEvidenceGives_ListsThePartnerAsLoser(Tier legacyTier, bool loses)
    {
        var preview = Preview("p1", legacyTier, "tech-dlp");

        var flows = MigrationFlows.Of([preview]);

        Assert.Equal(Tier.Registered, preview.ProposedTier);
        Assert.Equal(loses ? [new MigrationLoser("p1", "Partner p1", legacyTier, Tier.Registered)] : [], flows.Losers);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void Plus_PartsInAnyOrder_EqualTheFlowsOfAllPartners(int seed)
    {
        var generator = new RandomPartnerGenerator(seed, Definition);
        var previews = Enumerable.Range(0, 300).Select(_ => MigrationMapper.Preview(Definition, generator.NextPartner(generator.NextAsOf()))).ToArray();
        var random = new Random(seed);
        var parts = previews.GroupBy(_ => random.Next(5)).Select(MigrationFlows.Of).OrderBy(_ => random.Next()).ToArray();

        var whole = MigrationFlows.Of(previews);
        var added = parts.Aggregate(MigrationFlows.Empty, (sum, part) => sum.Plus(part));

        Assert.NotEmpty(whole.Flows);
        Assert.NotEmpty(whole.Losers);
        Assert.Equal(whole.Flows, added.Flows);
        Assert.Equal(whole.Ended, added.Ended);
        Assert.Equal(whole.Losers, added.Losers);
        Assert.Equal(previews.Count(p => p.Outcome == MigrationOutcome.Lose), added.Losers.Count);
        Assert.Equal(previews.Sum(p => p.Candidates.Sum(c => c.FromLegacy.Distinct().Count())), added.Flows.Sum(f => f.Partners));
    }
}
