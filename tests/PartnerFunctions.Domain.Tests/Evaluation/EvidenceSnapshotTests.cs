using System.Collections.ObjectModel;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>Evidence is a snapshot of the lists it is given, and the facts the evaluator reads follow every copy.</summary>
public sealed class EvidenceSnapshotTests
{
    private static readonly DateOnly AsOf = new(2026, 10, 1);

    [Theory]
    [InlineData("people")]
    [InlineData("revenue")]
    [InlineData("references")]
    public void Constructor_NullList_ThrowsArgumentNullNamingIt(string list)
    {
        var partner = new EvidenceBuilder().Build().Partner;

        var error = Assert.Throws<ArgumentNullException>(() => new PartnerEvidence(
            partner,
            list == "people" ? null! : [],
            list == "revenue" ? null! : [],
            list == "references" ? null! : []));

        Assert.Equal(list, error.ParamName);
    }

    [Fact]
    public void Person_NullAccreditations_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => new Person("p-1", "Someone", new DateOnly(2020, 1, 1), null, null!));
    }

    [Fact]
    public void Evaluate_EvidenceGivenAsOtherListTypes_SameFiguresAsFromArrays()
    {
        var definition = TestDefinitions.Default;
        foreach (var generated in new DemoPartnerGenerator(definition, new DemoGenerationOptions(Seed: 31, ReferenceDate: AsOf)).GenerateMany(30))
        {
            var wrapped = new PartnerEvidence(
                generated.Partner,
                new ReadOnlyCollection<Person>(generated.People.Select(p => p with { Accreditations = new ReadOnlyCollection<Accreditation>([.. p.Accreditations]) }).ToList()),
                new ReadOnlyCollection<RevenueLine>([.. generated.Revenue]),
                new ReadOnlyCollection<CustomerReference>([.. generated.References]));

            Assert.Equal(EvaluationText.Of(PartnerEvaluator.Evaluate(definition, generated, AsOf)), EvaluationText.Of(PartnerEvaluator.Evaluate(definition, wrapped, AsOf)));
        }
    }

    [Fact]
    public void With_NewLists_EvaluationReadsTheNewLists()
    {
        var builder = new EvidenceBuilder();
        var qualifying = builder.Qualifying(Encryption, CompetencyLevel.Principal).Build();
        var before = PartnerEvaluator.Evaluate(TestDefinitions.Default, qualifying, EvidenceBuilder.DefaultAsOf);

        var withoutRevenue = qualifying with { Revenue = [] };
        var withoutPeople = qualifying with { People = [] };
        var withoutReferences = qualifying with { References = [] };

        Assert.Equal(CompetencyLevel.Principal, before.LevelOf(Encryption));
        Assert.Equal(CompetencyLevel.Principal, PartnerEvaluator.Evaluate(TestDefinitions.Default, qualifying, EvidenceBuilder.DefaultAsOf).LevelOf(Encryption));
        foreach (var reduced in new[] { withoutRevenue, withoutPeople, withoutReferences })
        {
            Assert.Equal(CompetencyLevel.None, PartnerEvaluator.Evaluate(TestDefinitions.Default, reduced, EvidenceBuilder.DefaultAsOf).LevelOf(Encryption));
        }

        Assert.Equal(0m, PartnerEvaluator.Evaluate(TestDefinitions.Default, withoutRevenue, EvidenceBuilder.DefaultAsOf).TotalRevenue);
    }
}
