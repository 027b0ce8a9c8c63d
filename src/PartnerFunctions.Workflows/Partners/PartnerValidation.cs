using System.Globalization;
using System.Net.Mail;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// Field checks of partner bodies. Each returns every error found, so a caller fixes a body in one go. The value
/// rules of evidence (periods, amounts, currency, dates, names, competencies) are the domain's
/// <see cref="EvidenceRules"/>, the same ones distributor imports apply.
/// </summary>
internal static class PartnerValidation
{
    public const int MaxNameLength = EvidenceRules.MaxNameLength;
    public const int MaxLegacySpecializations = 50;
    public const int MaxAccreditations = 200;
    public const decimal MaxAmount = EvidenceRules.MaxAmount;

    /// <summary>Languages partner emails exist in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    public static Partner? ToPartner(string partnerId, PartnerBody body, List<FieldError> errors)
    {
        var name = RequireText("name", body.Name, errors);
        if (body.Country is null)
        {
            errors.Add(new FieldError("country", "is required (ISO 3166-1 alpha-2, e.g. \"FR\")"));
        }
        else if (!CountryCodes.IsAssigned(body.Country))
        {
            errors.Add(new FieldError("country", "must be an ISO 3166-1 alpha-2 code in upper case, e.g. \"FR\""));
        }

        if (body.Language is null)
        {
            errors.Add(new FieldError("language", "is required (\"fr\" or \"en\")"));
        }
        else if (!Languages.Contains(body.Language, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("language", "must be \"fr\" or \"en\""));
        }

        if (body.Email is null)
        {
            errors.Add(new FieldError("email", "is required"));
        }
        else if (!IsEmail(body.Email))
        {
            errors.Add(new FieldError("email", "must be an email address such as name@example.com"));
        }

        var legacy = new List<string>();
        if (body.LegacySpecializations is { } specializations)
        {
            if (specializations.Count > MaxLegacySpecializations)
            {
                errors.Add(new FieldError("legacySpecializations", FormattableString.Invariant($"must list at most {MaxLegacySpecializations} specializations")));
            }

            for (var i = 0; i < specializations.Count; i++)
            {
                var field = FormattableString.Invariant($"legacySpecializations[{i}]");
                var id = specializations[i];
                if (ApiIds.Check(field, id) is { } error)
                {
                    errors.Add(error);
                }
                else if (legacy.Contains(id!, StringComparer.Ordinal))
                {
                    errors.Add(new FieldError(field, "is listed twice"));
                }
                else
                {
                    legacy.Add(id!);
                }
            }
        }

        var legacyTier = Tier.Registered;
        if (body.LegacyTier is not null)
        {
            if (ProgramDefinitionLoader.ParseTier(body.LegacyTier) is { } tier)
            {
                legacyTier = tier;
            }
            else
            {
                errors.Add(new FieldError("legacyTier", "must be \"registered\", \"silver\", \"gold\" or \"platinum\""));
            }
        }

        return errors.Count == 0 ? new Partner(partnerId, name!, body.Country!, body.Language!, body.Email!, legacy, legacyTier) : null;
    }

    public static Person? ToPerson(string personId, PersonBody body, ProgramDefinition definition, DateOnly today, List<FieldError> errors)
    {
        var name = RequireText("name", body.Name, errors);
        if (body.EmployedFrom is null)
        {
            errors.Add(new FieldError("employedFrom", "is required (yyyy-MM-dd)"));
        }

        if (body.EmployedTo is { } to && body.EmployedFrom is { } from && to < from)
        {
            errors.Add(new FieldError("employedTo", "must not be before employedFrom"));
        }

        var accreditations = new List<Accreditation>();
        var items = body.Accreditations ?? [];
        if (items.Count > MaxAccreditations)
        {
            errors.Add(new FieldError("accreditations", FormattableString.Invariant($"must list at most {MaxAccreditations} accreditations")));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var prefix = FormattableString.Invariant($"accreditations[{i}]");
            if (items[i] is not { } item)
            {
                errors.Add(new FieldError(prefix, "must be an object"));
                continue;
            }

            var competencyId = RequireCompetency(prefix + ".competencyId", item.CompetencyId, definition, errors);
            var certificateId = CheckCertificateId(prefix + ".certificateId", item.CertificateId, errors);
            if (item.CompletedOn is not { } completed)
            {
                errors.Add(new FieldError(prefix + ".completedOn", "is required (yyyy-MM-dd)"));
                continue;
            }

            Add(errors, EvidenceRules.CheckCompletedOn(prefix + ".completedOn", completed, today));
            Add(errors, EvidenceRules.CheckExpiresOn(prefix + ".expiresOn", item.ExpiresOn, completed));

            if (competencyId is null)
            {
                continue;
            }

            // An accreditation is identified by competency and completion day (what distributor merges rely on).
            if (accreditations.Any(a => a.CompetencyId == competencyId && a.CompletedOn == completed))
            {
                errors.Add(new FieldError(prefix, "repeats another accreditation (same competencyId and completedOn)"));
                continue;
            }

            accreditations.Add(new Accreditation(competencyId, completed, item.ExpiresOn) { CertificateId = certificateId });
        }

        if (body.Email is not null && !IsEmail(body.Email))
        {
            errors.Add(new FieldError("email", "must be an email address such as name@example.com"));
        }

        return errors.Count == 0 ? new Person(personId, name!, body.EmployedFrom!.Value, body.EmployedTo, accreditations) { Email = body.Email } : null;
    }

    public static RevenueLine? ToRevenueLine(string lineId, RevenueBody body, ProgramDefinition definition, DateOnly today, List<FieldError> errors)
    {
        var competencyId = RequireCompetency("competencyId", body.CompetencyId, definition, errors);
        DateOnly? period = null;
        if (body.Period is null)
        {
            errors.Add(new FieldError("period", "is required (yyyy-MM)"));
        }
        else if (!DateOnly.TryParseExact(body.Period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            errors.Add(new FieldError("period", "must be a month as yyyy-MM"));
        }
        else if (!Add(errors, EvidenceRules.CheckPeriod("period", month, today)))
        {
            period = month;
        }

        if (body.Amount is not { } amount)
        {
            errors.Add(new FieldError("amount", "is required"));
        }
        else
        {
            Add(errors, EvidenceRules.CheckAmount("amount", amount));
        }

        Add(errors, EvidenceRules.CheckCurrency("currency", body.Currency, period, definition));

        return errors.Count == 0 ? new RevenueLine(lineId, competencyId!, period!.Value, body.Amount!.Value, body.Currency!) : null;
    }

    public static CustomerReference? ToReference(string referenceId, ReferenceBody body, ProgramDefinition definition, ReferenceState state, List<FieldError> errors)
    {
        var competencyId = RequireCompetency("competencyId", body.CompetencyId, definition, errors);
        var customerName = RequireText("customerName", body.CustomerName, errors);
        Market? market = null;
        if (body.CustomerMarket is null)
        {
            errors.Add(new FieldError("customerMarket", "is required (\"enterprise\", \"midmarket\" or \"smallbusiness\")"));
        }
        else if (ProgramDefinitionLoader.ParseMarket(body.CustomerMarket) is { } parsed)
        {
            market = parsed;
        }
        else
        {
            errors.Add(new FieldError("customerMarket", "must be \"enterprise\", \"midmarket\" or \"smallbusiness\""));
        }

        Add(errors, EvidenceRules.CheckSatisfaction("satisfaction", body.Satisfaction));

        return errors.Count == 0 ? new CustomerReference(referenceId, competencyId!, customerName!, market!.Value, state, body.Satisfaction) : null;
    }

    public static bool IsEmail(string value)
    {
        if (value.Length > 254 || value.Trim() != value || !MailAddress.TryCreate(value, out var address))
        {
            return false;
        }

        // MailAddress accepts display names and dotless hosts; a notification address must be the bare address.
        return string.Equals(address.Address, value, StringComparison.Ordinal) && address.Host.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Letters, digits, spaces and '-' (what certificate ids are written with), 1-64 once trimmed; null when absent.</summary>
    public const string CertificateIdDescription = "must be 1-64 letters, digits, spaces or '-'";

    private static string? CheckCertificateId(string field, string? value, List<FieldError> errors)
    {
        if (value is null)
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length is 0 or > 64 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-'))
        {
            errors.Add(new FieldError(field, CertificateIdDescription));
            return null;
        }

        return trimmed;
    }

    private static string? RequireText(string field, string? value, List<FieldError> errors) =>
        Add(errors, EvidenceRules.CheckName(field, value)) ? null : value!.Trim();

    private static string? RequireCompetency(string field, string? competencyId, ProgramDefinition definition, List<FieldError> errors) =>
        Add(errors, EvidenceRules.CheckCompetency(field, competencyId, definition)) ? null : competencyId;

    /// <summary>Adds a domain rule's refusal as a field error; true when there was one.</summary>
    private static bool Add(List<FieldError> errors, EvidenceRuleError? error)
    {
        if (error is null)
        {
            return false;
        }

        errors.Add(new FieldError(error.Field, error.Message));
        return true;
    }
}
