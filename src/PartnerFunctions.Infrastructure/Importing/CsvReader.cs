using System.Text;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>One record of a CSV file with the line it starts on (1-based).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>A malformed record (bad quoting): reported, never guessed at.</summary>
internal sealed record CsvSyntaxError(int Line, string Reason);

/// <summary>
/// RFC 4180 reader: comma separated, fields optionally in double quotes (which may hold commas, line breaks and
/// doubled quotes), CRLF or LF line ends. Empty lines are skipped. Unquoted fields are trimmed.
/// </summary>
internal static class CsvReader
{
    public static (IReadOnlyList<CsvRecord> Records, IReadOnlyList<CsvSyntaxError> Errors) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var errors = new List<CsvSyntaxError>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quoted = false;       // the current field was quoted
        var afterQuote = false;   // the closing quote of the current field was seen
        string? recordError = null;

        void EndField()
        {
            fields.Add(quoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            quoted = false;
            afterQuote = false;
        }

        void EndRecord()
        {
            EndField();
            if (recordError is not null)
            {
                errors.Add(new CsvSyntaxError(recordLine, recordError));
            }
            else if (!(fields.Count == 1 && fields[0].Length == 0))
            {
                records.Add(new CsvRecord(recordLine, fields.ToArray()));
            }

            fields.Clear();
            recordError = null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                case '"' when field.ToString().Trim().Length == 0 && !quoted:
                    field.Clear();
                    inQuotes = true;
                    quoted = true;
                    break;
                case '"':
                    recordError ??= "has a quote inside a field; a field with quotes must be enclosed in quotes and write each quote twice";
                    break;
                default:
                    if (afterQuote && !char.IsWhiteSpace(c))
                    {
                        recordError ??= "has text after the closing quote of a field";
                    }
                    else if (!afterQuote)
                    {
                        field.Append(c);
                    }

                    break;
            }
        }

        if (inQuotes)
        {
            errors.Add(new CsvSyntaxError(recordLine, "has a quoted field that is never closed"));
        }
        else if (field.Length > 0 || fields.Count > 0 || quoted)
        {
            EndRecord();
        }

        return (records, errors);
    }
}
