using System.Globalization;
using System.Text.RegularExpressions;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// The evidence page's field labels and its errors in the page's language. The writer's errors are the API's (English,
/// naming JSON fields); on the page each is shown after its field's label, in French for a French partner. A message
/// not known here is shown as the API gives it.
/// </summary>
internal static partial class EvidenceFieldText
{
    private static readonly Dictionary<string, string> French = new(StringComparer.Ordinal)
    {
        ["is required"] = "obligatoire",
        ["is required (yyyy-MM-dd)"] = "obligatoire (aaaa-mm-jj)",
        ["is required (yyyy-MM)"] = "obligatoire (aaaa-mm)",
        ["must be a date (yyyy-MM-dd)"] = "doit être une date (aaaa-mm-jj)",
        ["must be a month as yyyy-MM"] = "doit être un mois (aaaa-mm)",
        ["must be a number"] = "doit être un nombre",
        ["must be an email address such as name@example.com"] = "doit être une adresse e-mail comme nom@exemple.fr",
        [PartnerValidation.CertificateIdDescription] = "1 à 64 lettres, chiffres, espaces ou « - »",
        ["must not be before employedFrom"] = "ne doit pas précéder la date d'entrée",
        ["must not be before completedOn"] = "ne doit pas précéder la date d'obtention",
        ["must not be in the future"] = "ne doit pas être dans le futur",
        ["must not be after the current month"] = "ne doit pas être postérieur au mois en cours",
        ["must be greater than 0 (and at most 10^12)"] = "doit être supérieur à 0 (et au plus 10^12)",
        ["must be between 0 and 5"] = "doit être comprise entre 0 et 5",
        ["repeats another accreditation (same competencyId and completedOn)"] = "répète une autre accréditation (même compétence, même date d'obtention)",
        ["is required (\"enterprise\", \"midmarket\" or \"smallbusiness\")"] = "obligatoire",
        ["must be \"enterprise\", \"midmarket\" or \"smallbusiness\""] = "doit être l'un des marchés proposés",
        [FormattableString.Invariant($"must be at most {Domain.Evidence.EvidenceRules.MaxNameLength} characters, without control characters")] = FormattableString.Invariant($"{Domain.Evidence.EvidenceRules.MaxNameLength} caractères au plus, sans caractère de contrôle"),
        [EvidenceRulesIdDescription] = "1 à 64 lettres, chiffres, « . », « _ » ou « - », commençant par une lettre ou un chiffre",
    };

    private const string EvidenceRulesIdDescription = Domain.Evidence.EvidenceRules.IdDescription;

    /// <summary>The label of a form field, as the error summary names it.</summary>
    public static string Label(string field, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(context);
        var row = AccreditationField().Match(field);
        if (row.Success)
        {
            var number = (int.Parse(row.Groups["row"].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
            return context.T($"Accreditation {number}: ", $"Accréditation {number} : ") + Label(row.Groups["field"].Value, context).ToLowerInvariant();
        }

        return field switch
        {
            "name" => context.T("Name", "Nom"),
            "employedFrom" => context.T("Employed from", "Date d'entrée"),
            "employedTo" => context.T("Employed until", "Date de départ"),
            "competencyId" => context.T("Competency", "Compétence"),
            "completedOn" => context.T("Completed on", "Obtenue le"),
            "expiresOn" => context.T("Expires on", "Expire le"),
            "email" => context.T("Work email", "E-mail professionnel"),
            "certificateId" => context.T("Certificate id", "N° de certificat"),
            "period" => context.T("Month", "Mois"),
            "amount" => context.T("Amount", "Montant"),
            "currency" => context.T("Currency", "Devise"),
            "customerName" => context.T("Customer", "Client"),
            "customerMarket" => context.T("Customer's market", "Marché du client"),
            "satisfaction" => context.T("Satisfaction", "Satisfaction"),
            "document" => context.T("Document", "Document"),
            "accreditations" => context.T("Accreditations", "Accréditations"),
            _ => context.T("Form", "Formulaire"),
        };
    }

    /// <summary>An error's message in the page's language.</summary>
    public static string Message(FieldError error, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsFrench)
        {
            return error.Message;
        }

        if (French.TryGetValue(error.Message, out var french))
        {
            return french;
        }

        if (NotACompetency().Match(error.Message) is { Success: true } competency)
        {
            return $"« {competency.Groups["id"].Value} » n'est pas une compétence de la définition active du programme {competency.Groups["version"].Value}";
        }

        if (Currency().Match(error.Message) is { Success: true } currency)
        {
            return $"doit être la devise du programme, {currency.Groups["currency"].Value}";
        }

        if (OneOfCurrencies().Match(error.Message) is { Success: true } oneOf)
        {
            return oneOf.Groups["required"].Success
                ? $"est obligatoire (l'une des devises {oneOf.Groups["list"].Value})"
                : $"doit être l'une des devises {oneOf.Groups["list"].Value}";
        }

        if (NoRate().Match(error.Message) is { Success: true } noRate)
        {
            var month = DateOnly.ParseExact(noRate.Groups["month"].Value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var monthText = ProgramText.Day(month, "fr")["1er ".Length..]; // "mars 2027"
            return $"{noRate.Groups["code"].Value} n'a pas de taux du programme pour {monthText} dans {noRate.Groups["version"].Value}";
        }

        return DecimalPlaces().Match(error.Message) is { Success: true } places
            ? $"{places.Groups["places"].Value} décimales au plus"
            : error.Message;
    }

    /// <summary>"Label message" (English) or "Label : message" (French), as the error summary lists it.</summary>
    public static string Sentence(FieldError error, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(context);
        return error.Field.Length == 0
            ? Message(error, context)
            : context.T($"{Label(error.Field, context)} {Message(error, context)}", $"{Label(error.Field, context)} : {Message(error, context)}");
    }

    [GeneratedRegex(@"^accreditations\[(?<row>\d+)\]\.(?<field>\w+)$")]
    private static partial Regex AccreditationField();

    [GeneratedRegex(@"^'(?<id>[^']*)' is not a competency of the active program definition (?<version>.+)$")]
    private static partial Regex NotACompetency();

    [GeneratedRegex(@"^(?:is required \(the program currency, |must be the program currency, )(?<currency>[A-Z]{3})\)?$")]
    private static partial Regex Currency();

    [GeneratedRegex(@"^(?:(?<required>is required \(one of )|must be one of )(?<list>[A-Z]{3}(?:, [A-Z]{3})*)\)?$")]
    private static partial Regex OneOfCurrencies();

    [GeneratedRegex(@"^(?<code>[A-Z]{3}) has no program rate for (?<month>\d{4}-\d{2}) in (?<version>.+)$")]
    private static partial Regex NoRate();

    [GeneratedRegex(@"^must have at most (?<places>\d+) decimal places$")]
    private static partial Regex DecimalPlaces();
}
