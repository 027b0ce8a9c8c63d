using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.Migration;

/// <summary>The legacy program's parallel run on both sides of each boundary, and its setting in the definition.</summary>
public sealed class LegacyParallelRunTests
{
    private static readonly Partner Acme = new("p1", "Acme", "FR", "fr", "p1@example.com", ["tech-endpoint-security"], Tier.Gold);

    [Theory]
    [InlineData(12, "2026-09-30", LegacyPhase.Current)]
    [InlineData(12, "2026-10-01", LegacyPhase.ParallelRun)]
    [InlineData(12, "2027-09-30", LegacyPhase.ParallelRun)]
    [InlineData(12, "2027-10-01", LegacyPhase.Archived)]
    [InlineData(1, "2026-10-31", LegacyPhase.ParallelRun)]
    [InlineData(1, "2026-11-01", LegacyPhase.Archived)]
    [InlineData(0, "2026-09-30", LegacyPhase.Current)]
    [InlineData(0, "2026-10-01", LegacyPhase.Archived)]
    public void Of_DaysAroundTheEffectiveDateAndTheRunsEnd_PhaseOfThatDayWithTheLegacyValuesKept(int months, string day, LegacyPhase expected)
    {
        var definition = WithMonths(months);

        var legacy = LegacyParallelRun.Of(definition, Acme, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, legacy.Phase);
        Assert.Equal((Tier.Gold, new DateOnly(2026, 10, 1)), (legacy.Tier, legacy.EffectiveDate));
        Assert.Equal(["tech-endpoint-security"], legacy.Specializations);
        Assert.Equal(new DateOnly(2026, 10, 1).AddMonths(months).AddDays(-1), legacy.ReadableUntil);
    }

    [Fact]
    public void Load_WithoutTheSetting_TwelveMonthsAndWrittenBackWithIt()
    {
        var root = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        root.AsObject().Remove("legacyParallelRunMonths");

        var definition = ProgramDefinitionLoader.Load(root.ToJsonString()).Definition!;

        Assert.Equal(12, definition.LegacyParallelRunMonths);
        Assert.Equal(7, ProgramDefinitionLoader.Load(ProgramDefinitionLoader.ToJson(WithMonths(7))).Definition!.LegacyParallelRunMonths);
    }

    private static ProgramDefinition WithMonths(int months)
    {
        var root = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        root["legacyParallelRunMonths"] = months;
        return ProgramDefinitionLoader.Load(root.ToJsonString()).Definition!;
    }
}
