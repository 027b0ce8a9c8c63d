using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Revenue sums in whole ten-thousandths held in 64-bit integers: exact, and several times cheaper than decimal
/// additions in the evaluator's hot loop. Converted back, a sum is the same decimal, scale included, that adding the
/// amounts as decimals gives (a decimal sum's scale is the largest scale added). Amounts with more than four decimals,
/// or too large for the integer sum to be safe, make <see cref="TrySum"/> return false and the caller adds decimals.
/// </summary>
internal static class ScaledRevenue
{
    /// <summary>Ten-thousandths per currency unit.</summary>
    public const long UnitsPerWhole = 10_000;

    private const int Scale = 4;

    // |amount| below 2^52 ten-thousandths (~450 billion) and at most 2^10 lines keep every sum below 2^62.
    private const ulong MaxUnitsPerLine = 1UL << 52;
    private const int MaxLines = 1 << 10;

    /// <summary>True when the line is in the window and in the program currency.</summary>
    public static bool Counts(in RevenueLine line, EvaluationWindow window, string currency) =>
        (uint)(line.Period.DayNumber - window.RevenueFrom) <= (uint)(window.RevenueTo - window.RevenueFrom) && line.Currency == currency;

    /// <summary>
    /// Adds the counted lines into <paramref name="units"/> and <paramref name="scales"/> (by competency index, both
    /// zeroed by the caller) and into the totals, with the set of competencies a counted line was for; false when an amount does not fit the scaled representation (the
    /// spans then hold a partial sum and must be ignored).
    /// </summary>
    public static bool TrySum(
        ProgramDefinition definition,
        ReadOnlySpan<RevenueLine> lines,
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

        ReadOnlySpan<long> powersOfTen = [10_000, 1_000, 100, 10, 1];

        // The largest magnitude at each scale whose ten-thousandths stay below MaxUnitsPerLine (checked before the
        // multiplication, which could otherwise wrap around).
        ReadOnlySpan<ulong> maxMagnitudes = [(MaxUnitsPerLine - 1) / 10_000, (MaxUnitsPerLine - 1) / 1_000, (MaxUnitsPerLine - 1) / 100, (MaxUnitsPerLine - 1) / 10, MaxUnitsPerLine - 1];
        var currency = definition.Currency;
        var from = window.RevenueFrom;
        var days = (uint)(window.RevenueTo - from);
        long sum = 0;
        byte sumScale = 0;
        ulong counted = 0;
        foreach (ref readonly var line in lines)
        {
            if ((uint)(line.Period.DayNumber - from) > days || line.Currency != currency)
            {
                continue;
            }

            var (magnitude, scale, negative) = Parts(line.Amount);
            if (scale > Scale || magnitude > maxMagnitudes[scale])
            {
                return false;
            }

            var scaled = (long)magnitude * powersOfTen[scale];
            var value = negative ? -scaled : scaled;
            sum += value;
            sumScale = Math.Max(sumScale, scale);
            var index = definition.IndexOf(line.CompetencyId);
            if (index >= 0)
            {
                units[index] += value;
                scales[index] = Math.Max(scales[index], scale);
                counted |= 1UL << index;
            }
        }

        totalUnits = sum;
        totalScale = sumScale;
        withRevenue = counted;
        return true;
    }

    // A decimal's mantissa (when its high 32 bits are zero; ulong.MaxValue otherwise, which no check accepts), scale
    // and sign. Read from the value itself where its layout is the one .NET has used since Core 3.0 (checked once at
    // startup), through decimal.GetBits otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Magnitude, byte Scale, bool Negative) Parts(decimal amount)
    {
        int flags;
        uint high;
        ulong low;
        if (DecimalLayout.Known)
        {
            ref readonly var parts = ref Unsafe.As<decimal, DecimalLayout>(ref amount);
            (flags, high, low) = (parts.Flags, parts.High, parts.Low);
        }
        else
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(amount, bits);
            (flags, high, low) = (bits[3], (uint)bits[2], ((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        }

        return (high == 0 ? low : ulong.MaxValue, (byte)(flags >> 16), flags < 0);
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

/// <summary>
/// The fields of <see cref="decimal"/> as .NET lays them out (sign and scale flags, then the high 32 bits and the low
/// 64 bits of the mantissa). <see cref="Known"/> is true only when a decimal read through this layout gives exactly
/// what <see cref="decimal.GetBits(decimal)"/> reports.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct DecimalLayout
{
    public readonly int Flags;
    public readonly uint High;
    public readonly ulong Low;

    public static readonly bool Known = Check(new decimal(0x11223344, 0x55667788, 0x0A0B0C0D, isNegative: true, scale: 3))
        && Check(new decimal(7, 0, 0, isNegative: false, scale: 0));

    private static bool Check(decimal value)
    {
        var bits = decimal.GetBits(value);
        var parts = Unsafe.As<decimal, DecimalLayout>(ref value);
        return Unsafe.SizeOf<DecimalLayout>() == sizeof(decimal)
            && parts.Flags == bits[3]
            && parts.High == (uint)bits[2]
            && parts.Low == (((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
    }
}
