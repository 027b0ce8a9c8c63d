using NCrontab;

namespace PartnerFunctions.LocalHost.Timer;

/// <summary>
/// The nightly schedule as the Functions timer reads it: a 6-field NCRONTAB expression (second minute hour day month
/// day-of-week), evaluated in UTC.
/// </summary>
public sealed class NightlySchedule
{
    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    private readonly CrontabSchedule _schedule;

    private NightlySchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    /// <summary>Parses a 6-field expression; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static NightlySchedule Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new FormatException("ReevaluationSchedule (or the former Reevaluation__Schedule) is empty: give a 6-field NCRONTAB expression such as \"0 0 2 * * *\" (02:00 UTC).");
        }

        var trimmed = expression.Trim();
        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"ReevaluationSchedule (or the former Reevaluation__Schedule) \"{trimmed}\" has {fields.Length} fields: the Functions timer needs 6 (second minute hour day month day-of-week), e.g. \"0 0 2 * * *\".");
        }

        try
        {
            return new NightlySchedule(trimmed, CrontabSchedule.Parse(string.Join(' ', fields), SixFields));
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"ReevaluationSchedule (or the former Reevaluation__Schedule) \"{trimmed}\" is not a valid NCRONTAB expression: {ex.Message}", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>.</summary>
    public DateTimeOffset Next(DateTimeOffset afterUtc) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(afterUtc.UtcDateTime), DateTimeKind.Utc));
}
