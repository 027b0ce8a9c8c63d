using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evidence;

/// <summary>Evidence names each person, revenue line and reference once: a repeated id would count twice.</summary>
public sealed class EvidenceIdTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);

    [Fact]
    public void Constructor_SamePersonIdTwice_ThrowsNamingIdAndList()
    {
        var person = Person("p-7");

        var error = Assert.Throws<ArgumentException>(() => new PartnerEvidence(Partner(), [person, Person("p-8"), person with { Name = "Twin" }], [], []));

        Assert.Equal("people", error.ParamName);
        Assert.Contains("'p-7'", error.Message, StringComparison.Ordinal);
        Assert.Contains("people", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SameRevenueLineIdTwice_ThrowsNamingIdAndList()
    {
        var error = Assert.Throws<ArgumentException>(() => new PartnerEvidence(Partner(), [], [Line("r-1"), Line("r-2"), Line("r-1")], []));

        Assert.Equal("revenue", error.ParamName);
        Assert.Contains("'r-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SameReferenceIdTwice_ThrowsNamingIdAndList()
    {
        var error = Assert.Throws<ArgumentException>(() => new PartnerEvidence(Partner(), [], [], [Reference("c-1"), Reference("c-1")]));

        Assert.Equal("references", error.ParamName);
        Assert.Contains("'c-1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_NewPeopleRepeatingAnId_ThrowsNamingIdAndList()
    {
        var evidence = new PartnerEvidence(Partner(), [Person("p-1")], [], []);

        var error = Assert.Throws<ArgumentException>(() => evidence with { People = [Person("p-2"), Person("p-2")] });

        Assert.Equal("People", error.ParamName);
        Assert.Contains("'p-2'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    [InlineData(129)]
    [InlineData(1000)]
    public void Constructor_LongListRepeatingItsFirstIdLast_Throws(int count)
    {
        // Ids that share a long prefix and differ only at the end (as generated ids do), both below and above the
        // size where the check changes from the stack table to a hash set.
        var lines = Enumerable.Range(0, count).Select(i => Line(FormattableString.Invariant($"fr-000001-r{i:D4}"))).Append(Line("fr-000001-r0000")).ToArray();

        var error = Assert.Throws<ArgumentException>(() => new PartnerEvidence(Partner(), [], lines, []));

        Assert.Contains("'fr-000001-r0000'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(1000)]
    public void Constructor_DistinctIdsDifferingOnlyInCaseOrEarly_Accepted(int count)
    {
        // Ordinal: "A-1" and "a-1" are two ids; so are ids with equal endings and different beginnings.
        var lines = Enumerable.Range(0, count).Select(i => Line(FormattableString.Invariant($"{i}-same-ending"))).Append(Line("A-1")).Append(Line("a-1")).ToArray();

        var evidence = new PartnerEvidence(Partner(), [], lines, []);

        Assert.Equal(count + 2, evidence.Revenue.Count);
    }

    [Fact]
    public void Evaluate_PeopleWithDistinctIds_EachCountedOnce()
    {
        // Two people holding the same accreditation count two; the same person twice is refused above.
        var builder = new EvidenceBuilder().WithAccreditedPeople(Encryption, 2);

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, builder.Build(), EvidenceBuilder.DefaultAsOf);

        Assert.Equal(2, evaluation.StandingOf(Encryption).AccreditedPeople);
    }

    private static Partner Partner() => new("partner-1", "Partner", "FR", "fr", "contact@partner-1.example.fr", [], Tier.Registered);

    private static Person Person(string id) => new(id, "Someone", Day.AddYears(-2), null, [new Accreditation(Encryption, Day.AddMonths(-1), null)]);

    private static RevenueLine Line(string id) => new(id, Encryption, Day, 100m, "EUR");

    private static CustomerReference Reference(string id) => new(id, Encryption, "Customer", Market.Enterprise, ReferenceState.Approved, 4.5m);
}
