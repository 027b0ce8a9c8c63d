using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Revenue sums in whole ten-thousandths held in 64-bit integers: exact, and several times cheaper than decimal
/// additions in the evaluator's hot loop. Converted back, a sum is the same decimal, scale included, that adding the
/// amounts as decimals gives (a decimal sum's scale is the largest scale added). A counted amount with more than four
/// decimals or too large for the integer sum to be safe (see <see cref="RevenueFact"/>) makes <see cref="TrySum"/>
/// return false and the caller adds decimals.
/// </summary>
internal static class ScaledRevenue
{
    // With every line below RevenueFact.MaxUnits (2^52), at most 2^10 lines keep every sum below 2^62.
    private const int MaxLines = 1 << 10;

    /// <summary>
    /// True when the line is in the window and in the currency at position <paramref name="currency"/> of the
    /// partner's currencies.
    /// </summary>
    public static bool Counts(in RevenueFact line, EvaluationWindow window, int currency) =>
        InWindow(line, window) && line.Currency == currency;

    /// <summary>True when the line's month is in the revenue window.</summary>
    public static bool InWindow(in RevenueFact line, EvaluationWindow window) =>
        (uint)(line.Period - window.RevenueFrom) <= (uint)(window.RevenueTo - window.RevenueFrom);

    /// <summary>
    /// Adds the lines in the window and in the currency at position <paramref name="currency"/> of the partner's
    /// currencies into <paramref name="units"/> and <paramref name="scales"/> (by catalog index through
    /// <paramref name="catalog"/>, both zeroed by the caller) and into the totals, with the set of competencies a
    /// counted line was for; false when a counted amount is not scaled (the spans then hold a partial sum and must be
    /// ignored).
    /// </summary>
    public static bool TrySum(
        ReadOnlySpan<RevenueFact> lines,
        ReadOnlySpan<int> catalog,
        int currency,
        EvaluationWindow window,
        Span<long> units,
        Span<byte> scales,
        out long totalUnits,
        out byte totalScale,
        out ulong withRevenue)
    {
        totalUnits = 0;
        totalScale = 0;
        withRevenue = 0;
        if (lines.Length > MaxLines)
        {
            return false;
        }

        long sum = 0;
        byte sumScale = 0;
        ulong counted = 0;
        foreach (ref readonly var line in lines)
        {
            if (!Counts(line, window, currency))
            {
                continue;
            }

            if (!line.Scaled)
            {
                return false;
            }

            sum += line.Units;
            sumScale = Math.Max(sumScale, line.Scale);
            var index = catalog[line.Competency];
            if (index >= 0)
            {
                units[index] += line.Units;
                scales[index] = Math.Max(scales[index], line.Scale);
                counted |= 1UL << index;
            }
        }

        totalUnits = sum;
        totalScale = sumScale;
        withRevenue = counted;
        return true;
    }

    /// <summary>The decimal of <paramref name="units"/> ten-thousandths at <paramref name="scale"/> decimals.</summary>
    /// <remarks>Every amount added had a scale at most <paramref name="scale"/>, so the units divide exactly.</remarks>
    public static decimal ToDecimal(long units, byte scale)
    {
        ReadOnlySpan<long> powersOfTen = [10_000, 1_000, 100, 10, 1];
        var value = units / powersOfTen[scale];
        var magnitude = (ulong)Math.Abs(value);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, value < 0, scale);
    }
}
