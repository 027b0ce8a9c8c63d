using System.Globalization;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Domain.Program;

/// <summary>
/// The rules of a definition's currencies: ISO codes other than the program currency, each with one program rate per
/// month and no month missing between its first and its last (a gap would make a month's revenue silently not count).
/// </summary>
internal static partial class CurrencyDefinitionValidator
{
    /// <summary>The largest rate accepted: one unit worth a million program units is a typo, not a currency.</summary>
    public const decimal MaxRate = 1_000_000m;

    /// <summary>Rates carry at most this many decimals.</summary>
    public const int MaxRateDecimals = 8;

    [GeneratedRegex("\\A[A-Z]{3}\\z", RegexOptions.CultureInvariant)]
    public static partial Regex CodePattern();

    public static List<ProgramCurrency>? ValidateCurrencies(IReadOnlyList<CurrencyDocument?>? documents, string? programCurrency, Action<string, string> error)
    {
        if (documents is null)
        {
            return [];
        }

        var result = new List<ProgramCurrency>();
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < documents.Count; i++)
        {
            var path = FormattableString.Invariant($"currencies[{i}]");
            var c = documents[i];
            if (c is null)
            {
                error(path, "must be an object");
                valid = false;
                continue;
            }

            var ok = true;
            if (c.Code is null || !CodePattern().IsMatch(c.Code))
            {
                error(path + ".code", "must be an ISO 4217 code of three capital letters");
                ok = false;
            }
            else if (string.Equals(c.Code, programCurrency, StringComparison.Ordinal))
            {
                error(path + ".code", "is the program currency: its amounts need no rate");
                ok = false;
            }
            else if (codes.TryGetValue(c.Code, out var first))
            {
                error(path + ".code", FormattableString.Invariant($"repeats currencies[{first}] ('{c.Code}')"));
                ok = false;
            }
            else
            {
                codes[c.Code] = i;
            }

            var rates = ValidateRates(c.Rates, path + ".rates", error);
            if (ok && rates is not null)
            {
                result.Add(new ProgramCurrency(c.Code!, rates));
            }
            else
            {
                valid = false;
            }
        }

        return valid ? result : null;
    }

    private static List<MonthlyRate>? ValidateRates(IReadOnlyList<RateDocument?>? documents, string path, Action<string, string> error)
    {
        if (documents is null || documents.Count == 0)
        {
            error(path, "must give at least one monthly rate");
            return null;
        }

        var rates = new List<MonthlyRate>();
        var months = new Dictionary<DateOnly, int>();
        var ok = true;
        for (var k = 0; k < documents.Count; k++)
        {
            var at = FormattableString.Invariant($"{path}[{k}]");
            var r = documents[k];
            if (r is null)
            {
                error(at, "must be an object");
                ok = false;
                continue;
            }

            var month = default(DateOnly);
            var monthOk = r.Month is not null
                && DateOnly.TryParseExact(r.Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
            if (!monthOk)
            {
                error(at + ".month", "must be a month written yyyy-MM");
                ok = false;
            }
            else if (months.TryGetValue(month, out var first))
            {
                error(at + ".month", FormattableString.Invariant($"repeats {path}[{first}] ({r.Month})"));
                ok = false;
            }
            else
            {
                months[month] = k;
            }

            if (r.Rate is not { } rate)
            {
                error(at + ".rate", "is required");
                ok = false;
            }
            else if (rate <= 0m || rate > MaxRate)
            {
                error(at + ".rate", FormattableString.Invariant($"must be above 0 and at most {MaxRate}"));
                ok = false;
            }
            else if (decimal.Round(rate, MaxRateDecimals) != rate)
            {
                error(at + ".rate", FormattableString.Invariant($"must have at most {MaxRateDecimals} decimal places"));
                ok = false;
            }
            else if (monthOk)
            {
                rates.Add(new MonthlyRate(month, rate));
            }
        }

        if (!ok)
        {
            return null;
        }

        var ordered = rates.OrderBy(r => r.Month).ToArray();
        for (var k = 1; k < ordered.Length; k++)
        {
            var expected = ordered[k - 1].Month.AddMonths(1);
            if (ordered[k].Month != expected)
            {
                error(path, FormattableString.Invariant(
                    $"has no rate for {expected:yyyy-MM}: give one for every month from {ordered[0].Month:yyyy-MM} to {ordered[^1].Month:yyyy-MM}"));
                return null;
            }
        }

        return rates;
    }
}
