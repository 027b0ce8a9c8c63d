using System.Globalization;
using System.Text;

namespace PartnerFunctions.Workflows.Common;

/// <summary>Builds RFC 4180 CSV text (fields quoted when they hold a comma, quote or line break).</summary>
public sealed class CsvBuilder
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends one line.</summary>
    public CsvBuilder Line(params object?[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Escape(Format(fields[i])));
        }

        _text.Append("\r\n");
        return this;
    }

    /// <summary>Appends lines already formatted as CSV (e.g. a page's part file).</summary>
    public CsvBuilder Raw(string lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _text.Append(lines);
        return this;
    }

    public override string ToString() => _text.ToString();

    /// <summary>The CSV as UTF-8 bytes.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(_text.ToString());

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
