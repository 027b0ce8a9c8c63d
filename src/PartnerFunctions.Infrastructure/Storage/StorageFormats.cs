using System.Globalization;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>How scalar values are written into columns: dates as ISO text, decimals exactly as invariant text.</summary>
internal static class StorageFormats
{
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? value) => value is { } v ? Date(v) : null;

    public static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseDateOrNull(string? value) => value is null ? null : ParseDate(value);

    public static string Month(DateOnly value) => value.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static DateOnly ParseMonth(string value) => DateOnly.ParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string? Decimal(decimal? value) => value is { } v ? Decimal(v) : null;

    public static decimal ParseDecimal(string value) => decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static decimal? ParseDecimalOrNull(string? value) => value is null ? null : ParseDecimal(value);

    public static TEnum ParseEnum<TEnum>(string value)
        where TEnum : struct, Enum => System.Enum.Parse<TEnum>(value, ignoreCase: true);
}
