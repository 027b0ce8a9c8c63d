using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// Revenue entered in a currency the definition lists counts at its month's program rate (the default definition
/// lists CHF and GBP from 2025-10 to 2027-09); the receipt shows each conversion.
/// </summary>
public sealed class CurrencyConversionTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 15);

    [Theory]
    [InlineData("100", "1.065", "106.50")]
    [InlineData("1.005", "1", "1.01")] // half away from zero
    [InlineData("1.004999", "1", "1.00")]
    [InlineData("33.333333", "1.07", "35.67")]
    [InlineData("0.000001", "1.07", "0.00")]
    [InlineData("1000000000000", "1.07", "1070000000000.00")]
    [InlineData("999999999999.999999", "1000000", "999999999999999999.00")]
    public void Convert_AmountAndRate_RoundsToCentsHalfAwayFromZero(string amount, string rate, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CurrencyConversion.Convert(
            decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Evaluate_ChfLine_CountsAtItsMonthsRate()
    {
        var evidence = new EvidenceBuilder(AsOf)
            .WithAccreditedPeople(Encryption, 2)
            .WithReferences(Encryption, 1)
            .WithRevenue(Encryption, 30_000m, currency: "CHF") // June 2026: 1.065
            .WithRevenue(Encryption, 18_050m)
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, AsOf);

        Assert.Equal(31_950m + 18_050m, evaluation.StandingOf(Encryption).Revenue);
        Assert.Equal(50_000m, evaluation.TotalRevenue);
        Assert.Equal(CompetencyLevel.Principal, evaluation.LevelOf(Encryption));
    }

    [Theory]
    [InlineData(2025, 9, "0")] // before the first rate: does not count
    [InlineData(2025, 10, "1065.00")]
    [InlineData(2026, 9, "1065.00")]
    [InlineData(2026, 10, "1070.00")]
    [InlineData(2027, 9, "1070.00")]
    public void Evaluate_ChfLineByMonth_UsesThatMonthsRateOrDoesNotCount(int year, int month, string expected)
    {
        var asOf = new DateOnly(year, month, 20);
        var evidence = new EvidenceBuilder(asOf).WithRevenue(Encryption, 1_000m, new DateOnly(year, month, 1), currency: "CHF").Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, asOf);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), evaluation.TotalRevenue);
    }

    [Fact]
    public void Evaluate_ListedCurrencyMonthAfterTheLastRate_DoesNotCount()
    {
        var asOf = new DateOnly(2027, 10, 5);
        var evidence = new EvidenceBuilder(asOf)
            .WithRevenue(Encryption, 1_000m, new DateOnly(2027, 10, 1), currency: "GBP")
            .WithRevenue(Encryption, 1_000m, new DateOnly(2027, 9, 1), currency: "GBP")
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, asOf);

        Assert.Equal(1_160m, evaluation.TotalRevenue);
        var conversion = Assert.Single(evaluation.ToReceipt().Conversions!);
        Assert.Equal(new DateOnly(2027, 9, 1), conversion.Period);
    }

    [Fact]
    public void ToReceipt_ConvertedLines_ShowAmountEnteredRateAndConvertedAmount()
    {
        var evidence = new EvidenceBuilder(AsOf)
            .WithRevenue(Encryption, 1_000.50m, new DateOnly(2026, 5, 1), currency: "GBP")
            .WithRevenue(Encryption, 2_000m, new DateOnly(2026, 4, 1), currency: "CHF")
            .WithRevenue(Encryption, 5_000m)
            .WithRevenue(Encryption, 9_000m, new DateOnly(2025, 5, 1), currency: "CHF") // outside the window
            .Build();

        var receipt = PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, AsOf).ToReceipt();

        Assert.Equal(
            [
                new RevenueConversion(evidence.Revenue[1].Id, Encryption, new DateOnly(2026, 4, 1), 2_000m, "CHF", 1.065m, 2_130m),
                new RevenueConversion(evidence.Revenue[0].Id, Encryption, new DateOnly(2026, 5, 1), 1_000.50m, "GBP", 1.17m, 1_170.59m),
            ],
            receipt.Conversions!);
        Assert.Equal(2_130m + 1_170.59m + 5_000m, receipt.TotalRevenue);
    }

    [Fact]
    public void ToReceipt_OnlyProgramCurrency_HasNoConversions()
    {
        var evidence = new EvidenceBuilder(AsOf).WithRevenue(Encryption, 5_000m).Build();

        Assert.Empty(PartnerEvaluator.Evaluate(TestDefinitions.Default, evidence, AsOf).ToReceipt().Conversions!);
    }

    [Fact]
    public void Evaluate_DefinitionWithoutCurrencies_IgnoresOtherCurrenciesAsBefore()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            root.AsObject().Remove("countryGroups");
            root.AsObject().Remove("currencies");
        });
        var evidence = new EvidenceBuilder(AsOf, definition)
            .WithRevenue(Encryption, 5_000m)
            .WithRevenue(Encryption, 1_000m, currency: "CHF")
            .Build();

        var evaluation = PartnerEvaluator.Evaluate(definition, evidence, AsOf);

        Assert.Equal(5_000m, evaluation.TotalRevenue);
        Assert.Empty(evaluation.Conversions());
    }

    [Fact]
    public void CheckCurrency_ListedCurrency_NeedsARateForThePeriod()
    {
        var definition = TestDefinitions.Default;

        Assert.Null(EvidenceRules.CheckCurrency("currency", "CHF", new DateOnly(2026, 3, 1), definition));
        Assert.Null(EvidenceRules.CheckCurrency("currency", "CHF", null, definition));
        Assert.Equal(
            new EvidenceRuleError("currency", "CHF has no program rate for 2027-10 in partner-program-2026@v1"),
            EvidenceRules.CheckCurrency("currency", "CHF", new DateOnly(2027, 10, 1), definition));
        Assert.Equal(
            new EvidenceRuleError("currency", "must be one of EUR, CHF, GBP"),
            EvidenceRules.CheckCurrency("currency", "USD", new DateOnly(2026, 3, 1), definition));
        Assert.Equal(
            new EvidenceRuleError("currency", "is required (one of EUR, CHF, GBP)"),
            EvidenceRules.CheckCurrency("currency", null, new DateOnly(2026, 3, 1), definition));
    }
}
