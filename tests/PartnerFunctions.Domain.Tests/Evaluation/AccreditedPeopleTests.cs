using System.Globalization;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;
using static PartnerFunctions.Domain.Tests.TestData.EvidenceBuilder;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>Unique people per competency, only while employed, only with an accreditation valid that day.</summary>
public sealed class AccreditedPeopleTests
{
    private static DateOnly AsOf => DefaultAsOf;

    [Fact]
    public void Evaluate_PersonAccreditedTwiceForSameCompetency_CountsOnce()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-20)), Accredited(Encryption, AsOf.AddMonths(-1)))
            .Build();

        Assert.Equal(1, PeopleFor(Encryption, evidence));
    }

    [Fact]
    public void Evaluate_OnePersonAccreditedTwiceAndOneOnce_IsNotEnoughForPrincipal()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-20)), Accredited(Encryption, AsOf.AddMonths(-1)), Accredited(Encryption, AsOf))
            .WithRevenue(Encryption, 50_000m)
            .WithReferences(Encryption, 1)
            .Build();

        var standing = Evaluate(evidence).StandingOf(Encryption);

        Assert.Equal(1, standing.AccreditedPeople);
        Assert.Equal(CompetencyLevel.None, standing.Level);
    }

    [Fact]
    public void Evaluate_PersonAccreditedForTwoCompetencies_CountsInEach()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-3)), Accredited(DataLossPrevention, AsOf.AddMonths(-2)))
            .Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(1, evaluation.StandingOf(Encryption).AccreditedPeople);
        Assert.Equal(1, evaluation.StandingOf(DataLossPrevention).AccreditedPeople);
        Assert.Equal(0, evaluation.StandingOf(EndpointManagement).AccreditedPeople);
    }

    [Fact]
    public void Evaluate_ExpiredAndValidAccreditationOfSamePerson_CountsOnce()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-30)), Accredited(Encryption, AsOf.AddMonths(-2)))
            .Build();

        Assert.Equal(1, PeopleFor(Encryption, evidence));
    }

    public static TheoryData<int, int> EmployedTo => new()
    {
        { -1, 0 },
        { 0, 1 },
        { 1, 1 },
    };

    [Theory]
    [MemberData(nameof(EmployedTo))]
    public void Evaluate_PersonLeaving_CountsUntilTheirLastDayIncluded(int lastDayFromAsOf, int expected)
    {
        var evidence = new EvidenceBuilder()
            .WithPerson(AsOf.AddYears(-2), AsOf.AddDays(lastDayFromAsOf), Accredited(Encryption, AsOf.AddMonths(-1)))
            .Build();

        Assert.Equal(expected, PeopleFor(Encryption, evidence));
    }

    public static TheoryData<int, int> EmployedFrom => new()
    {
        { 1, 0 },
        { 0, 1 },
        { -1, 1 },
    };

    [Theory]
    [MemberData(nameof(EmployedFrom))]
    public void Evaluate_PersonJoining_CountsFromTheirFirstDay(int firstDayFromAsOf, int expected)
    {
        var evidence = new EvidenceBuilder()
            .WithPerson(AsOf.AddDays(firstDayFromAsOf), null, Accredited(Encryption, AsOf.AddMonths(-1)))
            .Build();

        Assert.Equal(expected, PeopleFor(Encryption, evidence));
    }

    [Fact]
    public void Evaluate_PersonWhoLeft_DoesNotCountTowardPrincipal()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(Encryption, 1)
            .WithPerson(AsOf.AddYears(-4), AsOf.AddDays(-1), Accredited(Encryption, AsOf.AddMonths(-6)))
            .WithRevenue(Encryption, 50_000m)
            .WithReferences(Encryption, 1)
            .Build();

        Assert.Equal(CompetencyLevel.None, Evaluate(evidence).LevelOf(Encryption));
    }

    public static TheoryData<int, int> ExplicitExpiry => new()
    {
        { -1, 0 },
        { 0, 1 },
        { 1, 1 },
    };

    [Theory]
    [MemberData(nameof(ExplicitExpiry))]
    public void Evaluate_ExplicitExpiry_CountsOnTheExpiryDayNotTheDayAfter(int expiresFromAsOf, int expected)
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-6), AsOf.AddDays(expiresFromAsOf)))
            .Build();

        Assert.Equal(expected, PeopleFor(Encryption, evidence));
    }

    public static TheoryData<DateOnly, DateOnly, int> DefaultExpiry => new()
    {
        // Completed 2024-06-15, no explicit expiry: valid through 2026-06-15 (24 months).
        { new DateOnly(2024, 6, 15), new DateOnly(2026, 6, 14), 1 },
        { new DateOnly(2024, 6, 15), new DateOnly(2026, 6, 15), 1 },
        { new DateOnly(2024, 6, 15), new DateOnly(2026, 6, 16), 0 },

        // Completed on a leap day: 24 months later is clamped to 2026-02-28.
        { new DateOnly(2024, 2, 29), new DateOnly(2026, 2, 28), 1 },
        { new DateOnly(2024, 2, 29), new DateOnly(2026, 3, 1), 0 },

        // Completed the day after: valid through 2026-03-01.
        { new DateOnly(2024, 3, 1), new DateOnly(2026, 3, 1), 1 },
        { new DateOnly(2024, 3, 1), new DateOnly(2026, 3, 2), 0 },

        // Month ends.
        { new DateOnly(2024, 8, 31), new DateOnly(2026, 8, 31), 1 },
        { new DateOnly(2024, 8, 31), new DateOnly(2026, 9, 1), 0 },
        { new DateOnly(2023, 12, 31), new DateOnly(2025, 12, 31), 1 },
        { new DateOnly(2023, 12, 31), new DateOnly(2026, 1, 1), 0 },
    };

    [Theory]
    [MemberData(nameof(DefaultExpiry))]
    public void Evaluate_NoExplicitExpiry_ValidForTwentyFourMonthsFromCompletion(DateOnly completedOn, DateOnly asOf, int expected)
    {
        var evidence = new EvidenceBuilder(asOf)
            .WithPerson(new DateOnly(2020, 1, 1), null, Accredited(Encryption, completedOn))
            .Build();

        Assert.Equal(expected, PeopleFor(Encryption, evidence, asOf));
    }

    [Theory]
    [InlineData(12, "2025-06-15", 1)]
    [InlineData(12, "2025-06-14", 0)]
    [InlineData(1, "2026-05-15", 1)]
    [InlineData(1, "2026-05-14", 0)]
    public void Evaluate_NoExplicitExpiry_UsesTheDefinitionsValidity(int validityMonths, string completedOn, int expected)
    {
        var definition = TestDefinitions.Mutated(root => root["accreditationValidityMonths"] = validityMonths);
        var evidence = new EvidenceBuilder(definition: definition)
            .WithEmployee(Accredited(Encryption, DateOnly.ParseExact(completedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Build();

        Assert.Equal(expected, PartnerEvaluator.Evaluate(definition, evidence, AsOf).StandingOf(Encryption).AccreditedPeople);
    }

    [Fact]
    public void Evaluate_ExplicitExpiryLaterThanDefault_Wins()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-30), AsOf.AddDays(10)))
            .Build();

        Assert.Equal(1, PeopleFor(Encryption, evidence));
    }

    [Fact]
    public void Evaluate_ExplicitExpiryEarlierThanDefault_Wins()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-3), AsOf.AddMonths(-1)))
            .Build();

        Assert.Equal(0, PeopleFor(Encryption, evidence));
    }

    public static TheoryData<int, int> CompletedOn => new()
    {
        { 1, 0 },
        { 0, 1 },
        { -1, 1 },
    };

    [Theory]
    [MemberData(nameof(CompletedOn))]
    public void Evaluate_AccreditationCompletedAfterAsOf_DoesNotCount(int completedFromAsOf, int expected)
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddDays(completedFromAsOf)))
            .Build();

        Assert.Equal(expected, PeopleFor(Encryption, evidence));
    }

    [Fact]
    public void Evaluate_AccreditationCompletedAfterAsOfWithExplicitExpiry_DoesNotCount()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddDays(1), AsOf.AddYears(2)))
            .Build();

        Assert.Equal(0, PeopleFor(Encryption, evidence));
    }

    [Fact]
    public void Evaluate_AccreditationForUnknownCompetency_IsIgnored()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited("tech-endpoint-security", AsOf.AddMonths(-1)), Accredited(Encryption, AsOf.AddMonths(-1)))
            .Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(1, evaluation.StandingOf(Encryption).AccreditedPeople);
        Assert.Equal(1, evaluation.Standings.ToArray().Sum(s => s.AccreditedPeople));
    }

    [Fact]
    public void Evaluate_PersonWithoutAccreditation_DoesNotCount()
    {
        var evidence = new EvidenceBuilder().WithEmployee().Build();

        Assert.All(Evaluate(evidence).Standings.ToArray(), s => Assert.Equal(0, s.AccreditedPeople));
    }

    [Fact]
    public void Evaluate_ManyPeople_EachCountsOnce()
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(ThreatManagement, 7)
            .WithEmployee(Accredited(ThreatManagement, AsOf.AddMonths(-1)), Accredited(ThreatManagement, AsOf.AddMonths(-2)))
            .Build();

        Assert.Equal(8, PeopleFor(ThreatManagement, evidence));
    }

    [Fact]
    public void Evaluate_AccreditationOfTheLastCatalogCompetency_Counts()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(StorageAvailability, AsOf), Accredited(EndpointSecurityEnt, AsOf))
            .Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(1, evaluation.StandingOf(StorageAvailability).AccreditedPeople);
        Assert.Equal(1, evaluation.StandingOf(EndpointSecurityEnt).AccreditedPeople);
    }

    [Fact]
    public void Evaluate_PersonGivenToAnotherPartnerByADuplicate_DoesNotCount()
    {
        var evidence = new EvidenceBuilder()
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-1)))
            .WithEmployee(Accredited(Encryption, AsOf.AddMonths(-2)))
            .Build();
        var excluded = evidence with { People = [evidence.People[0] with { DuplicateOf = "keeper" }, evidence.People[1]] };

        Assert.Equal(2, PeopleFor(Encryption, evidence));
        Assert.Equal(1, PeopleFor(Encryption, excluded));
    }

    [Fact]
    public void Evaluate_EmailAndCertificateId_ChangeNothing()
    {
        var evidence = new EvidenceBuilder().WithEmployee(Accredited(Encryption, AsOf.AddMonths(-1))).Build();
        var person = evidence.People[0];
        var identified = evidence with
        {
            People = [person with { Email = "c@example.fr", Accreditations = [person.Accreditations[0] with { CertificateId = "C-1" }] }],
        };

        Assert.Equal(Evaluate(evidence).StandingOf(Encryption), Evaluate(identified).StandingOf(Encryption));
    }

    private static PartnerEvaluation Evaluate(PartnerEvidence evidence, DateOnly? asOf = null) =>
        PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, asOf ?? AsOf);

    private static int PeopleFor(string competencyId, PartnerEvidence evidence, DateOnly? asOf = null) =>
        Evaluate(evidence, asOf).StandingOf(competencyId).AccreditedPeople;
}
