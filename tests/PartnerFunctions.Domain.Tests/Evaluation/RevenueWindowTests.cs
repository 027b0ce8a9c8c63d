using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>Revenue counts over the trailing 12 calendar months ending with the evaluation day's month, in EUR only.</summary>
public sealed class RevenueWindowTests
{
    public static TheoryData<DateOnly, DateOnly, bool> Window => new()
    {
        // As of 2026-06-15 the window is July 2025 to June 2026.
        { new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 1), true },
        { new DateOnly(2026, 6, 15), new DateOnly(2026, 5, 1), true },
        { new DateOnly(2026, 6, 15), new DateOnly(2025, 7, 1), true },
        { new DateOnly(2026, 6, 15), new DateOnly(2025, 6, 1), false },
        { new DateOnly(2026, 6, 15), new DateOnly(2024, 6, 1), false },
        { new DateOnly(2026, 6, 15), new DateOnly(2026, 7, 1), false },

        // The day of the month does not matter: first and last day give the same window.
        { new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1), true },
        { new DateOnly(2026, 6, 1), new DateOnly(2025, 7, 1), true },
        { new DateOnly(2026, 6, 1), new DateOnly(2025, 6, 1), false },
        { new DateOnly(2026, 6, 30), new DateOnly(2025, 7, 1), true },
        { new DateOnly(2026, 6, 30), new DateOnly(2025, 6, 1), false },
        { new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 1), false },

        // Across a year end: as of January 2026 the window is February 2025 to January 2026.
        { new DateOnly(2026, 1, 10), new DateOnly(2026, 1, 1), true },
        { new DateOnly(2026, 1, 10), new DateOnly(2025, 2, 1), true },
        { new DateOnly(2026, 1, 10), new DateOnly(2025, 1, 1), false },
        { new DateOnly(2025, 12, 31), new DateOnly(2025, 12, 1), true },
        { new DateOnly(2025, 12, 31), new DateOnly(2025, 1, 1), true },
        { new DateOnly(2025, 12, 31), new DateOnly(2024, 12, 1), false },

        // A line dated later in its month still belongs to that month.
        { new DateOnly(2026, 6, 15), new DateOnly(2026, 6, 30), true },
        { new DateOnly(2026, 6, 15), new DateOnly(2025, 7, 31), true },
        { new DateOnly(2026, 6, 15), new DateOnly(2025, 6, 30), false },
        { new DateOnly(2026, 6, 15), new DateOnly(2026, 7, 2), false },
    };

    [Theory]
    [MemberData(nameof(Window))]
    public void Evaluate_RevenueLinePeriod_CountsOnlyInsideTrailingTwelveMonths(DateOnly asOf, DateOnly period, bool counts)
    {
        var evidence = new EvidenceBuilder(asOf).WithRevenue(Encryption, 1_000m, period).Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, asOf);

        var expected = counts ? 1_000m : 0m;
        Assert.Equal(expected, evaluation.StandingOf(Encryption).Revenue);
        Assert.Equal(expected, evaluation.TotalRevenue);
    }

    [Fact]
    public void Evaluate_LineTwelveMonthsBack_IsOutsideWhileElevenMonthsBackIsInside()
    {
        var builder = new EvidenceBuilder();
        var evidence = builder
            .WithAccreditedPeople(Encryption, 2)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, 49_999.99m, builder.ThisMonth.AddMonths(-11))
            .WithRevenue(Encryption, 1_000_000m, builder.ThisMonth.AddMonths(-12))
            .Build();

        var standing = Evaluate(evidence).StandingOf(Encryption);

        Assert.Equal(49_999.99m, standing.Revenue);
        Assert.Equal(CompetencyLevel.None, standing.Level);
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("JPY")]
    [InlineData("eur")]
    [InlineData("chf")]
    [InlineData("")]
    public void Evaluate_CurrencyTheDefinitionDoesNotList_DoesNotCount(string currency)
    {
        var evidence = new EvidenceBuilder()
            .WithAccreditedPeople(Encryption, 2)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, 49_999.99m)
            .WithRevenue(Encryption, 10_000_000m, currency: currency)
            .Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(49_999.99m, evaluation.StandingOf(Encryption).Revenue);
        Assert.Equal(49_999.99m, evaluation.TotalRevenue);
        Assert.Equal(CompetencyLevel.None, evaluation.LevelOf(Encryption));
    }

    [Fact]
    public void Evaluate_TotalRevenue_SumsAllCompetencies()
    {
        var builder = new EvidenceBuilder();
        var evidence = builder
            .WithRevenue(Encryption, 40_000m)
            .WithRevenue(Encryption, 10_000m, builder.ThisMonth.AddMonths(-3))
            .WithRevenue(DataLossPrevention, 30_000.50m)
            .WithRevenue(BackupRecoverySmb, 19_999.50m, builder.ThisMonth.AddMonths(-11))
            .Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(50_000m, evaluation.StandingOf(Encryption).Revenue);
        Assert.Equal(30_000.50m, evaluation.StandingOf(DataLossPrevention).Revenue);
        Assert.Equal(19_999.50m, evaluation.StandingOf(BackupRecoverySmb).Revenue);
        Assert.Equal(100_000m, evaluation.TotalRevenue);
    }

    [Fact]
    public void Evaluate_RevenueOfUnknownCompetency_CountsTowardTotalOnly()
    {
        var evidence = new EvidenceBuilder().WithRevenue("professional-services", 100_000m).Build();

        var evaluation = Evaluate(evidence);

        Assert.Equal(100_000m, evaluation.TotalRevenue);
        Assert.All(evaluation.Standings.ToArray(), s => Assert.Equal(0m, s.Revenue));
    }

    [Fact]
    public void Evaluate_MonthlyLinesOverAFullYear_AddUpToThreshold()
    {
        var builder = new EvidenceBuilder().WithAccreditedPeople(Encryption, 2).WithReferences(Encryption, 1);
        for (var month = 0; month < 14; month++)
        {
            builder.WithRevenue(Encryption, 4_166.67m, builder.ThisMonth.AddMonths(-month));
        }

        var standing = Evaluate(builder.Build()).StandingOf(Encryption);

        Assert.Equal(50_000.04m, standing.Revenue);
        Assert.Equal(CompetencyLevel.Principal, standing.Level);
    }

    [Theory]
    [InlineData(6, 5, true)]
    [InlineData(6, 6, false)]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, false)]
    [InlineData(36, 35, true)]
    [InlineData(36, 36, false)]
    public void Evaluate_OtherWindowLength_FollowsTheDefinition(int windowMonths, int monthsBack, bool counts)
    {
        var definition = TestDefinitions.Mutated(root => root["revenueWindowMonths"] = windowMonths);
        var builder = new EvidenceBuilder(definition: definition);
        var evidence = builder.WithRevenue(Encryption, 1_000m, builder.ThisMonth.AddMonths(-monthsBack)).Build();

        var evaluation = PartnerEvaluator.Evaluate(definition, evidence, builder.AsOf);

        Assert.Equal(counts ? 1_000m : 0m, evaluation.TotalRevenue);
    }

    [Fact]
    public void Evaluate_OtherProgramCurrency_CountsOnlyThatCurrency()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            root["currency"] = "CHF";
            root.AsObject().Remove("countryGroups");
            root.AsObject().Remove("currencies");
        });
        var evidence = new EvidenceBuilder(definition: definition)
            .WithRevenue(Encryption, 1_000m, currency: "EUR")
            .WithRevenue(Encryption, 2_000m)
            .Build();

        Assert.Equal(2_000m, PartnerEvaluator.Evaluate(definition, evidence, EvidenceBuilder.DefaultAsOf).TotalRevenue);
    }

    private static PartnerEvaluation Evaluate(PartnerEvidence evidence) =>
        PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, EvidenceBuilder.DefaultAsOf);
}
