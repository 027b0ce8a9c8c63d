using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>The demo/benchmark data set is the same in every process for a seed.</summary>
public sealed class DemoPartnerGeneratorTests
{
    [Fact]
    public void SeedFor_FixedInputs_GivesTheSameSeedInEveryProcess()
    {
        // Constants, not computed in this process: HashCode.Combine (randomized per process) would fail this.
        Assert.Equal(287_760_411, DemoPartnerGenerator.SeedFor(20261001, 0));
        Assert.Equal(DemoPartnerGenerator.SeedFor(7, 3), DemoPartnerGenerator.SeedFor(7, 3));
        Assert.NotEqual(DemoPartnerGenerator.SeedFor(7, 3), DemoPartnerGenerator.SeedFor(7, 4));
        Assert.NotEqual(DemoPartnerGenerator.SeedFor(7, 3), DemoPartnerGenerator.SeedFor(8, 3));
    }

    [Fact]
    public void Generate_SameSeedAndIndex_GivesTheSamePartnerWhateverWasGeneratedBefore()
    {
        var asOf = new DateOnly(2026, 10, 1);
        var options = new DemoGenerationOptions(Seed: 42, ReferenceDate: asOf, PeoplePerPartner: 5, RevenueLinesPerPartner: 12, ReferencesPerPartner: 3, IdPrefix: "demo-");
        var first = new DemoPartnerGenerator(TestDefinitions.Default, options);
        var second = new DemoPartnerGenerator(TestDefinitions.Default, options);
        _ = first.GenerateMany(10).ToArray();

        var a = first.Generate(7);
        var b = second.Generate(7);

        Assert.Equal(a.Partner, b.Partner with { LegacySpecializations = a.Partner.LegacySpecializations });
        Assert.Equal(a.Partner.LegacySpecializations, b.Partner.LegacySpecializations);
        Assert.Equal(a.Revenue, b.Revenue);
        Assert.Equal(a.References, b.References);
        Assert.Equal(a.People.Select(p => (p.Id, p.Name, p.EmployedFrom, p.EmployedTo)), b.People.Select(p => (p.Id, p.Name, p.EmployedFrom, p.EmployedTo)));
    }
}
