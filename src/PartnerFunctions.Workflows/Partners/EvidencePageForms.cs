using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// One form of the evidence page as it is shown: the evidence id it saves (a new one is generated when the form is
/// rendered, so submitting twice saves one item), the values in its fields (by field name, the API's JSON names) and
/// the errors to show beside them (field "" is about the whole form).
/// </summary>
/// <param name="Rows">Accreditation rows shown (person form only).</param>
public sealed record EvidenceFormState(string Id, IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldError> Errors, int Rows = 0)
{
    /// <summary>The value of a field, "" when none.</summary>
    public string Value(string field) => Values.TryGetValue(field, out var value) ? value : "";

    /// <summary>The first error of a field, or null.</summary>
    public string? Error(string field) => Errors.FirstOrDefault(e => e.Field == field)?.Message;

    /// <summary>A form for a new item, with a fresh id.</summary>
    public static EvidenceFormState New(string prefix, int rows = 0) => new(NewId(prefix), new Dictionary<string, string>(), [], rows);

    /// <summary>A fresh evidence id: the prefix and 12 random hex digits (a valid API id).</summary>
    public static string NewId(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}

/// <summary>
/// Reads the evidence page's forms into the API's bodies, so the page and the API are checked by the same writer. Field
/// names are the JSON names (<c>accreditations[2].completedOn</c>). What a browser's date, month and number inputs send
/// is parsed here; a value that does not parse is an error of its field (the writer is then not called).
/// </summary>
internal static class EvidencePageForms
{
    /// <summary>The hidden field carrying the evidence id.</summary>
    public const string IdField = "id";

    /// <summary>The most accreditation rows a person form posts.</summary>
    public const int MaxRows = 50;

    /// <summary>Accreditation rows shown beyond those filled in.</summary>
    public const int BlankRows = 2;

    public static string Accreditation(int row, string field) => FormattableString.Invariant($"accreditations[{row}].{field}");

    /// <summary>Every posted value of the form, by name (the antiforgery token and files left out).</summary>
    public static Dictionary<string, string> Values(IFormCollection form) =>
        form.Where(f => f.Key != PageForms.AntiforgeryField && f.Value.Count == 1)
            .ToDictionary(f => f.Key, f => f.Value[0] ?? "", StringComparer.Ordinal);

    /// <summary>
    /// The person body of the form, its rows with nothing filled in left out; <paramref name="rowOf"/> gives the form
    /// row of each accreditation of the body, so the writer's errors are shown on the row they are about.
    /// </summary>
    public static PersonBody Person(IReadOnlyDictionary<string, string> values, List<FieldError> errors, out int[] rowOf)
    {
        var accreditations = new List<AccreditationBody?>();
        var rows = new List<int>();
        for (var row = 0; row < MaxRows; row++)
        {
            var competency = Text(values, Accreditation(row, "competencyId"));
            var completed = Text(values, Accreditation(row, "completedOn"));
            var expires = Text(values, Accreditation(row, "expiresOn"));
            var certificate = Text(values, Accreditation(row, "certificateId"));
            if (competency is null && completed is null && expires is null && certificate is null)
            {
                continue;
            }

            accreditations.Add(new AccreditationBody(
                competency,
                Day(values, Accreditation(row, "completedOn"), errors),
                Day(values, Accreditation(row, "expiresOn"), errors),
                certificate));
            rows.Add(row);
        }

        rowOf = rows.ToArray();
        return new PersonBody(Text(values, "name"), Day(values, "employedFrom", errors), Day(values, "employedTo", errors), accreditations, Text(values, "email"));
    }

    /// <summary>The writer's errors of a person body, renamed to the form rows they are about.</summary>
    public static IReadOnlyList<FieldError> OnRows(IReadOnlyList<FieldError> errors, int[] rowOf) =>
        errors.Select(e =>
        {
            const string Prefix = "accreditations[";
            if (!e.Field.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return e;
            }

            var end = e.Field.IndexOf(']', StringComparison.Ordinal);
            return int.TryParse(e.Field.AsSpan(Prefix.Length, end - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < rowOf.Length
                ? e with { Field = Prefix + rowOf[index].ToString(CultureInfo.InvariantCulture) + e.Field[end..] }
                : e;
        }).ToArray();

    public static RevenueBody Revenue(IReadOnlyDictionary<string, string> values, List<FieldError> errors) =>
        new(Text(values, "competencyId"), Text(values, "period"), Amount(values, "amount", errors), Text(values, "currency"));

    public static ReferenceBody Reference(IReadOnlyDictionary<string, string> values, List<FieldError> errors) =>
        new(Text(values, "competencyId"), Text(values, "customerName"), Text(values, "customerMarket"), Amount(values, "satisfaction", errors));

    /// <summary>A stored person as the form's values (its accreditations on the first rows).</summary>
    public static EvidenceFormState Of(Person person)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = person.Name,
            ["employedFrom"] = Iso(person.EmployedFrom),
            ["employedTo"] = person.EmployedTo is { } to ? Iso(to) : "",
            ["email"] = person.Email ?? "",
        };
        for (var row = 0; row < person.Accreditations.Count; row++)
        {
            var accreditation = person.Accreditations[row];
            values[Accreditation(row, "competencyId")] = accreditation.CompetencyId;
            values[Accreditation(row, "completedOn")] = Iso(accreditation.CompletedOn);
            values[Accreditation(row, "expiresOn")] = accreditation.ExpiresOn is { } expires ? Iso(expires) : "";
            values[Accreditation(row, "certificateId")] = accreditation.CertificateId ?? "";
        }

        return new EvidenceFormState(person.Id, values, [], Math.Min(MaxRows, person.Accreditations.Count + BlankRows));
    }

    public static EvidenceFormState Of(RevenueLine line) => new(line.Id, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["competencyId"] = line.CompetencyId,
        ["period"] = line.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ["amount"] = line.Amount.ToString(CultureInfo.InvariantCulture),
    }, []);

    public static EvidenceFormState Of(CustomerReference reference) => new(reference.Id, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["competencyId"] = reference.CompetencyId,
        ["customerName"] = reference.CustomerName,
        ["customerMarket"] = MarketValue(reference.CustomerMarket),
        ["satisfaction"] = reference.Satisfaction?.ToString(CultureInfo.InvariantCulture) ?? "",
    }, []);

    /// <summary>The rows a re-shown person form needs: every row posted with a value, and blank ones after.</summary>
    public static int RowsPosted(IReadOnlyDictionary<string, string> values)
    {
        var last = -1;
        for (var row = 0; row < MaxRows; row++)
        {
            if (Text(values, Accreditation(row, "competencyId")) is not null || Text(values, Accreditation(row, "completedOn")) is not null || Text(values, Accreditation(row, "expiresOn")) is not null || Text(values, Accreditation(row, "certificateId")) is not null)
            {
                last = row;
            }
        }

        return Math.Min(MaxRows, last + 1 + BlankRows);
    }

    /// <summary>The API's name of a market ("enterprise", "midmarket", "smallbusiness").</summary>
    public static string MarketValue(Domain.Program.Market market) => market.ToString().ToLowerInvariant();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(IReadOnlyDictionary<string, string> values, string field) =>
        values.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static DateOnly? Day(IReadOnlyDictionary<string, string> values, string field, List<FieldError> errors)
    {
        if (Text(values, field) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new FieldError(field, "must be a date (yyyy-MM-dd)"));
        return null;
    }

    // Browsers send a number input as "1234.5" whatever the page's language; a typed "1 234,50" is read too.
    private static decimal? Amount(IReadOnlyDictionary<string, string> values, string field, List<FieldError> errors)
    {
        if (Text(values, field) is not { } text)
        {
            return null;
        }

        var normalized = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal);
        if (normalized.Contains(',', StringComparison.Ordinal) && !normalized.Contains('.', StringComparison.Ordinal))
        {
            normalized = normalized.Replace(',', '.');
        }

        if (decimal.TryParse(normalized, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        errors.Add(new FieldError(field, "must be a number"));
        return null;
    }
}
