using nietras.SeparatedValues;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>One record of a CSV file with the line it starts on (1-based).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A malformed record (bad quoting) at its line and field (both 1-based): reported, never guessed at.</summary>
internal sealed record CsvSyntaxError(int Line, int Column, string Reason);

/// <summary>
/// Reads CSV text through Sep (a maintained, fast parser): RFC 4180 fields optionally in double quotes (which may
/// hold separators, line breaks and doubled quotes), CRLF or LF line ends, a UTF-8 byte order mark ignored, comma or
/// semicolon separated (Excel in a French locale writes ';'; the header line tells which). Empty lines are skipped;
/// unquoted fields are trimmed, quoted ones kept as written.
/// </summary>
/// <remarks>
/// Sep finds the records and fields (quotes mask separators and line breaks) and counts lines across quoted line
/// breaks; each field is then unquoted here, so a stray quote or text after a closing quote is an error at its line
/// and field instead of a guess.
/// </remarks>
internal static class CsvReader
{
    private const char Quote = '"';

    /// <summary>The longest record Sep 0.18 reads (its buffer limit, 2^24 characters).</summary>
    public const int MaxRecordChars = 16_777_216;

    /// <summary>';' when the header line (the first line) has semicolons and no commas, else ','.</summary>
    public static char DetectSeparator(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = WithoutBom(text).AsSpan();
        var end = span.IndexOfAny('\r', '\n');
        var header = end < 0 ? span : span[..end];
        return header.Contains(';') && !header.Contains(',') ? ';' : ',';
    }

    /// <summary>The records and the malformed records of <paramref name="text"/>; the separator is detected when not given.</summary>
    public static (IReadOnlyList<CsvRecord> Records, IReadOnlyList<CsvSyntaxError> Errors) Read(string text, char? separator = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = WithoutBom(text);
        var records = new List<CsvRecord>();
        var errors = new List<CsvSyntaxError>();
        if (text.Length == 0)
        {
            return (records, errors);
        }

        using var reader = Sep.New(separator ?? DetectSeparator(text))
            .Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = false, Trim = SepTrim.None })
            .FromText(text);
        // A row starts on the line after the previous one ends (Sep counts line breaks inside quotes too); counted
        // here because Sep 0.18 reports the first row's start as line 2.
        var line = 1;
        try
        {
            ReadRows(reader, records, errors, ref line);
        }
        catch (NotSupportedException)
        {
            // Sep holds a record in one buffer of at most MaxRecordChars; a longer one (or a quote never closed) ends
            // the reading: the file is refused at that line instead of failing the request.
            errors.Add(new CsvSyntaxError(line, 1, FormattableString.Invariant($"starts a record longer than {MaxRecordChars:N0} characters; check that every quote is closed")));
        }

        return (records, errors);
    }

    private static void ReadRows(SepReader reader, List<CsvRecord> records, List<CsvSyntaxError> errors, ref int line)
    {
        foreach (var row in reader)
        {
            var start = line;
            line = row.LineNumberToExcl;
            var fields = new string[row.ColCount];
            CsvSyntaxError? error = null;
            for (var column = 0; column < fields.Length; column++)
            {
                if (Unquote(row[column].Span.Trim(), out var value) is { } reason)
                {
                    error ??= new CsvSyntaxError(start, column + 1, reason);
                }

                fields[column] = value;
            }

            if (error is not null)
            {
                errors.Add(error);
            }
            else if (!(fields.Length == 1 && fields[0].Length == 0))
            {
                records.Add(new CsvRecord(start, fields));
            }
        }
    }

    private static string WithoutBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;

    // The field's value, or why it is malformed (then the value is what could be read).
    private static string? Unquote(ReadOnlySpan<char> raw, out string value)
    {
        if (raw.Length == 0 || raw[0] != Quote)
        {
            value = raw.ToString();
            return raw.Contains(Quote)
                ? "has a quote inside a field; a field with quotes must be enclosed in quotes and write each quote twice"
                : null;
        }

        var builder = new System.Text.StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            if (raw[i] != Quote)
            {
                builder.Append(raw[i]);
                continue;
            }

            if (i + 1 < raw.Length && raw[i + 1] == Quote)
            {
                builder.Append(Quote);
                i++;
                continue;
            }

            value = builder.ToString();
            return i == raw.Length - 1 ? null : "has text after the closing quote of a field";
        }

        value = builder.ToString();
        return "has a quoted field that is never closed";
    }
}
