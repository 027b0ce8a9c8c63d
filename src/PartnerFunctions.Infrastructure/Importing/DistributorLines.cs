using System.Globalization;
using System.Text.RegularExpressions;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure.Partners;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>One good line of a distributor file: a revenue line or a person's accreditation.</summary>
internal sealed record ParsedLine(int Line, string PartnerId, RevenueEntry? Revenue, PersonAccreditations? Person);

/// <summary>
/// Reads the lines of distributor files. The text formats (yyyy-MM months, yyyy-MM-dd dates, plain decimal amounts)
/// are read here; every value rule is the domain's <see cref="EvidenceRules"/>, the same ones the partner API
/// applies, so a file can hold nothing the API would refuse.
/// </summary>
internal static partial class DistributorLines
{
    /// <summary>Longest distributor line reference accepted (a free-form reference of the distributor's own).</summary>
    public const int MaxLineReferenceLength = 200;

    /// <summary>A revenue line, or null with its errors added.</summary>
    /// <param name="decimalComma">True in a semicolon separated file, where ',' may be the decimal separator (French Excel).</param>
    public static ParsedLine? Revenue(CsvRecord record, ProgramDefinition definition, DateOnly today, bool decimalComma, List<ImportLineError> errors)
    {
        var before = errors.Count;
        var f = record.Fields;
        var partnerId = Check(record.Line, EvidenceRules.CheckId("partnerId", f[0]), f[0], errors);
        var competencyId = Check(record.Line, EvidenceRules.CheckCompetency("competencyId", f[1], definition), f[1], errors);

        DateOnly? period = null;
        if (!MonthPattern().IsMatch(f[2]))
        {
            errors.Add(new ImportLineError(record.Line, "period", $"'{f[2]}' is not a month written yyyy-MM"));
        }
        else
        {
            var month = DateOnly.ParseExact(f[2] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            period = Check(record.Line, EvidenceRules.CheckPeriod("period", month, today), f[2], errors) is null ? null : month;
        }

        var amountText = decimalComma ? f[3].Replace(',', '.') : f[3];
        if (!AmountPattern().IsMatch(amountText) || !decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            var separators = decimalComma ? "'.' or ','" : "'.'";
            errors.Add(new ImportLineError(record.Line, "amount", $"'{f[3]}' is not an amount: digits with {separators} as decimal separator (e.g. 1234.50), no thousands separator"));
            amount = 0;
        }
        else
        {
            Check(record.Line, EvidenceRules.CheckAmount("amount", amount), f[3], errors);
        }

        Check(record.Line, EvidenceRules.CheckCurrency("currency", f[4], period, definition), f[4], errors);
        var source = Check(record.Line, EvidenceRules.CheckDistributorSource("source", f[5]), f[5], errors);
        var lineReference = LineReference(record.Line, f[6], errors);
        if (errors.Count > before)
        {
            return null;
        }

        var line = new RevenueLine(PartnerRows.RevenueLineId(source!, lineReference!), competencyId!, period!.Value, amount, f[4]);
        return new ParsedLine(record.Line, partnerId!, new RevenueEntry(line, source!), null);
    }

    /// <summary>An accreditation of a person, or null with its errors added.</summary>
    public static ParsedLine? Accreditation(CsvRecord record, ProgramDefinition definition, DateOnly today, List<ImportLineError> errors)
    {
        var before = errors.Count;
        var f = record.Fields;
        var partnerId = Check(record.Line, EvidenceRules.CheckId("partnerId", f[0]), f[0], errors);
        var personId = Check(record.Line, EvidenceRules.CheckId("personId", f[1]), f[1], errors);
        Check(record.Line, EvidenceRules.CheckName("personName", f[2]), f[2], errors);
        var competencyId = Check(record.Line, EvidenceRules.CheckCompetency("competencyId", f[3], definition), f[3], errors);
        var completedOn = ParseDate(record.Line, "completedOn", f[4], required: true, errors);
        if (completedOn is { } completed)
        {
            Check(record.Line, EvidenceRules.CheckCompletedOn("completedOn", completed, today), f[4], errors);
        }

        var expiresOn = ParseDate(record.Line, "expiresOn", f[5], required: false, errors);
        if (completedOn is { } start)
        {
            Check(record.Line, EvidenceRules.CheckExpiresOn("expiresOn", expiresOn, start), f[5], errors);
        }

        var employedFrom = ParseDate(record.Line, "employedFrom", f[6], required: false, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var person = new PersonAccreditations(personId!, f[2], employedFrom, [new Accreditation(competencyId!, completedOn!.Value, expiresOn)]);
        return new ParsedLine(record.Line, partnerId!, null, person);
    }

    /// <summary>Whether a partner id is worth looking up (lines with other errors are still checked for it).</summary>
    public static bool IsPartnerId(string value) => EvidenceRules.IsValidId(value);

    // Within one file a natural key appears once, and one person has one name and start date.
    public static void CheckRepeats(ImportKind kind, List<ParsedLine> lines, List<ImportLineError> errors)
    {
        if (kind == ImportKind.RevenueLines)
        {
            var seen = new Dictionary<(string, string), int>();
            foreach (var line in lines)
            {
                if (!seen.TryAdd((line.PartnerId, line.Revenue!.Line.Id), line.Line))
                {
                    errors.Add(new ImportLineError(line.Line, "lineReference", FormattableString.Invariant($"repeats the source and line reference of line {seen[(line.PartnerId, line.Revenue.Line.Id)]}")));
                }
            }

            return;
        }

        var people = new Dictionary<(string, string), ParsedLine>();
        foreach (var line in lines)
        {
            var key = (line.PartnerId, line.Person!.PersonId);
            if (!people.TryGetValue(key, out var first))
            {
                people[key] = line;
                continue;
            }

            if (!string.Equals(first.Person!.PersonName, line.Person.PersonName, StringComparison.Ordinal))
            {
                errors.Add(new ImportLineError(line.Line, "personName", FormattableString.Invariant($"differs from line {first.Line} for the same person ('{first.Person.PersonName}')")));
            }

            if (line.Person.EmployedFrom is not null && first.Person.EmployedFrom is not null && line.Person.EmployedFrom != first.Person.EmployedFrom)
            {
                errors.Add(new ImportLineError(line.Line, "employedFrom", FormattableString.Invariant($"differs from line {first.Line} for the same person")));
            }
        }
    }

    // The value when the rule accepts it; otherwise null, with the rule's refusal as the line's error.
    private static string? Check(int line, EvidenceRuleError? error, string value, List<ImportLineError> errors)
    {
        if (error is null)
        {
            return value;
        }

        errors.Add(new ImportLineError(line, error.Field, error.Message));
        return null;
    }

    // The distributor's own reference of the line (not an API id: invoices carry '/', spaces...).
    private static string? LineReference(int line, string value, List<ImportLineError> errors)
    {
        var problem = value.Length == 0 ? "is required"
            : value.Length > MaxLineReferenceLength ? FormattableString.Invariant($"is longer than {MaxLineReferenceLength} characters")
            : value.Any(char.IsControl) ? "contains control characters"
            : null;
        if (problem is null)
        {
            return value;
        }

        errors.Add(new ImportLineError(line, "lineReference", problem));
        return null;
    }

    private static DateOnly? ParseDate(int line, string column, string value, bool required, List<ImportLineError> errors)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(new ImportLineError(line, column, "is required"));
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new ImportLineError(line, column, $"'{value}' is not a date written yyyy-MM-dd"));
            return null;
        }

        return date;
    }

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])\\z", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    // The format only (digits, one optional decimal point); the range and decimal places are the domain's rule.
    [GeneratedRegex("^[0-9]{1,20}(\\.[0-9]{1,20})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();
}
