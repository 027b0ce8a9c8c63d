using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Evidence;

/// <summary>The value rules the partner API and distributor imports share.</summary>
public sealed class EvidenceRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    [Theory]
    [InlineData("okid", true)]
    [InlineData("fr-000001", true)]
    [InlineData("a.b_c-d", true)]
    [InlineData("okid\n", false)]
    [InlineData("okid\r\n", false)]
    [InlineData("\nokid", false)]
    [InlineData("-starts-with-dash", false)]
    [InlineData("has space", false)]
    [InlineData("é", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidId_Value_Expected(string? id, bool expected)
    {
        Assert.Equal(expected, EvidenceRules.IsValidId(id));
    }

    [Fact]
    public void IsValidId_Length_AtMost64()
    {
        Assert.True(EvidenceRules.IsValidId(new string('a', 64)));
        Assert.False(EvidenceRules.IsValidId(new string('a', 65)));
    }

    [Theory]
    [InlineData(2026, 12, true)]
    [InlineData(2020, 1, true)]
    [InlineData(2027, 1, false)]
    [InlineData(2099, 1, false)]
    public void CheckPeriod_RelativeToTheGivenDay(int year, int month, bool accepted)
    {
        var error = EvidenceRules.CheckPeriod("period", new DateOnly(year, month, 1), Today);

        Assert.Equal(accepted, error is null);
        Assert.Equal(accepted ? null : "period", error?.Field);
    }

    [Theory]
    [InlineData("0.000001", true)]
    [InlineData("1000000000000", true)]
    [InlineData("1.50000000", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("1000000000000.01", false)]
    [InlineData("1.1234567", false)]
    public void CheckAmount_RangeAndDecimalPlaces(string amount, bool accepted)
    {
        var error = EvidenceRules.CheckAmount("amount", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(accepted, error is null);
    }

    [Theory]
    [InlineData("distrib-a", true)]
    [InlineData("distrib, b", true)]
    [InlineData("partner", false)]
    [InlineData("PARTNER", false)]
    [InlineData(" partner ", false)]
    [InlineData("a:b", false)]
    [InlineData("", false)]
    public void CheckDistributorSource_ReservedMarkerRefused(string source, bool accepted)
    {
        Assert.Equal(accepted, EvidenceRules.CheckDistributorSource("source", source) is null);
    }

    [Fact]
    public void CheckCurrency_OnlyTheProgramCurrency()
    {
        var definition = TestDefinitions.Default;

        Assert.Null(EvidenceRules.CheckCurrency("currency", definition.Currency, null, definition));
        Assert.Equal("currency", EvidenceRules.CheckCurrency("currency", "USD", null, definition)?.Field);
        Assert.Equal("currency", EvidenceRules.CheckCurrency("currency", null, null, definition)?.Field);
    }

    [Fact]
    public void CheckCompletedOnAndExpiresOn_DayRules()
    {
        Assert.Null(EvidenceRules.CheckCompletedOn("completedOn", Today, Today));
        Assert.NotNull(EvidenceRules.CheckCompletedOn("completedOn", Today.AddDays(1), Today));
        Assert.Null(EvidenceRules.CheckExpiresOn("expiresOn", Today, Today));
        Assert.Null(EvidenceRules.CheckExpiresOn("expiresOn", null, Today));
        Assert.NotNull(EvidenceRules.CheckExpiresOn("expiresOn", Today.AddDays(-1), Today));
    }
}
