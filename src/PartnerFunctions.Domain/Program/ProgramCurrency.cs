using System.Collections.Frozen;

namespace PartnerFunctions.Domain.Program;

/// <summary>The program's exchange rate of a currency for one calendar month.</summary>
/// <param name="Month">The first day of the month.</param>
/// <param name="Rate">How much one unit of the currency is worth in the program currency (e.g. 1 CHF = 1.0650 EUR).</param>
public sealed record MonthlyRate(DateOnly Month, decimal Rate);

/// <summary>
/// A currency revenue may be entered in besides the program currency, with the program's rate for each month it
/// covers (months with no rate cannot be entered, and do not count). Rates are versioned with the definition: a new
/// version with a corrected rate converts again every line of that month.
/// </summary>
public sealed class ProgramCurrency
{
    private readonly FrozenDictionary<int, decimal> _rateByMonth;

    /// <summary>Builds a currency from its rates (one per month, months unique: the loader checks it).</summary>
    public ProgramCurrency(string code, IReadOnlyList<MonthlyRate> rates)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(rates);
        Code = code;
        Rates = rates.OrderBy(r => r.Month).ToArray();
        _rateByMonth = Rates.ToFrozenDictionary(r => r.Month.DayNumber, r => r.Rate);
    }

    /// <summary>ISO 4217 code, e.g. "CHF".</summary>
    public string Code { get; }

    /// <summary>The rates, oldest month first.</summary>
    public IReadOnlyList<MonthlyRate> Rates { get; }

    /// <summary>The first month with a rate.</summary>
    public DateOnly FirstMonth => Rates[0].Month;

    /// <summary>The last month with a rate.</summary>
    public DateOnly LastMonth => Rates[^1].Month;

    /// <summary>The rate of the month <paramref name="day"/> is in, or null when the definition gives none.</summary>
    public decimal? RateFor(DateOnly day) =>
        _rateByMonth.TryGetValue(new DateOnly(day.Year, day.Month, 1).DayNumber, out var rate) ? rate : null;
}

/// <summary>How an amount in another currency becomes program currency.</summary>
public static class CurrencyConversion
{
    /// <summary>Converted amounts are rounded to cents, half away from zero (what the receipts show).</summary>
    public const int Decimals = 2;

    /// <summary>The amount in the program currency: amount × rate, rounded to <see cref="Decimals"/> places, half away from zero.</summary>
    public static decimal Convert(decimal amount, decimal rate) =>
        decimal.Round(amount * rate, Decimals, MidpointRounding.AwayFromZero);
}
