using PartnerFunctions.LocalHost.Timer;
using PartnerFunctions.Workflows.Reevaluation;

namespace PartnerFunctions.LocalHost.Tests.Timer;

public sealed class NightlyScheduleTests
{
    [Fact]
    public void Next_DefaultSchedule_IsTwoInTheMorningUtc()
    {
        var schedule = NightlySchedule.Parse(ReevaluationStarter.DefaultSchedule);

        Assert.Equal(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 11, 27, 23, 15, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_InputWithOffset_IsComputedInUtc()
    {
        var schedule = NightlySchedule.Parse("0 0 2 * * *");

        // 03:30 in Paris (UTC+1) is 02:30 UTC: today's 02:00 UTC has passed.
        var next = schedule.Next(new DateTimeOffset(2026, 11, 28, 3, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 2, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void Next_SecondsField_IsHonoured()
    {
        var schedule = NightlySchedule.Parse("*/15 * * * * *");

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 15, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 1, 1, 0, 0, 7, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_DayOfWeekField_SkipsToThatDay()
    {
        // Mondays at 01:30:00; 2026-11-28 is a Saturday.
        var schedule = NightlySchedule.Parse("0 30 1 * * 1");

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 1, 30, 0, TimeSpan.Zero), schedule.Next(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("0 0 2 * * * *")]
    [InlineData("")]
    [InlineData("61 0 2 * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("a b c d e f")]
    public void Parse_NotASixFieldExpression_Throws(string expression)
    {
        var error = Assert.Throws<FormatException>(() => NightlySchedule.Parse(expression));

        Assert.Contains("Reevaluation__Schedule", error.Message, StringComparison.Ordinal);
    }
}
