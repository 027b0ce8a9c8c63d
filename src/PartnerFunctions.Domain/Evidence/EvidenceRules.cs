using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evidence;

/// <summary>A value an evidence rule refuses: the field (a JSON member or CSV column name) and why.</summary>
public sealed record EvidenceRuleError(string Field, string Message);

/// <summary>
/// The value rules of evidence, shared by every way evidence comes in (the partner API and distributor files), so
/// both accept and refuse exactly the same values. Pure: the day rules are relative to is a parameter. Each check
/// returns null when the value is acceptable; callers parse their own formats (JSON, CSV text) first and may prefix
/// the field with where it sits (e.g. "accreditations[2].").
/// </summary>
public static class EvidenceRules
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest name (person, company, customer) accepted, after trimming.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Largest revenue amount accepted.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>Most decimal places a revenue amount may have.</summary>
    public const int MaxAmountDecimals = 6;

    /// <summary>Source recorded on revenue lines a partner enters itself: no distributor file may claim it.</summary>
    public const string PartnerRevenueSource = "partner";

    /// <summary>What a valid id looks like (for messages): 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public const string IdDescription = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    /// <summary>
    /// True when <paramref name="id"/> is 1-64 ASCII letters, digits, '.', '_' or '-', starting with a letter or digit.
    /// A character loop, not a regex: nothing (a final newline included) can slip past an end anchor.
    /// </summary>
    public static bool IsValidId(string? id)
    {
        if (id is null || id.Length is 0 or > MaxIdLength || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An id (partner, person, revenue source...): required and <see cref="IsValidId"/>.</summary>
    public static EvidenceRuleError? CheckId(string field, string? id) =>
        string.IsNullOrEmpty(id) ? new(field, "is required")
        : IsValidId(id) ? null
        : new(field, IdDescription);

    /// <summary>A name: required, at most <see cref="MaxNameLength"/> characters once trimmed, no control characters.</summary>
    public static EvidenceRuleError? CheckName(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new(field, "is required");
        }

        var trimmed = name.AsSpan().Trim();
        foreach (var c in trimmed)
        {
            if (char.IsControl(c))
            {
                return new(field, TooLongOrControl);
            }
        }

        return trimmed.Length > MaxNameLength ? new(field, TooLongOrControl) : null;
    }

    /// <summary>A competency id: required and in the definition's catalog.</summary>
    public static EvidenceRuleError? CheckCompetency(string field, string? competencyId, ProgramDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrEmpty(competencyId))
        {
            return new(field, "is required");
        }

        return definition.IndexOf(competencyId) < 0
            ? new(field, FormattableString.Invariant($"'{competencyId}' is not a competency of the active program definition {definition.VersionTag}"))
            : null;
    }

    /// <summary>A revenue period (the first day of its month): not after the month of <paramref name="today"/>.</summary>
    public static EvidenceRuleError? CheckPeriod(string field, DateOnly period, DateOnly today) =>
        period > new DateOnly(today.Year, today.Month, 1) ? new(field, "must not be after the current month") : null;

    /// <summary>A revenue amount: above 0, at most <see cref="MaxAmount"/>, at most <see cref="MaxAmountDecimals"/> decimals.</summary>
    public static EvidenceRuleError? CheckAmount(string field, decimal amount)
    {
        if (amount <= 0m || amount > MaxAmount)
        {
            return new(field, "must be greater than 0 (and at most 10^12)");
        }

        // By value, not by the scale written: 1.50000000 is 1.5.
        return decimal.Round(amount, MaxAmountDecimals) != amount
            ? new(field, FormattableString.Invariant($"must have at most {MaxAmountDecimals} decimal places"))
            : null;
    }

    /// <summary>
    /// A revenue currency: required; the program's currency or one the definition lists, and then with a program rate
    /// for the month of <paramref name="period"/> (not checked when the period itself is not valid: null).
    /// </summary>
    public static EvidenceRuleError? CheckCurrency(string field, string? currency, DateOnly? period, ProgramDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var accepted = definition.Currencies.Count == 0
            ? definition.Currency
            : string.Join(", ", definition.Currencies.Select(c => c.Code).Prepend(definition.Currency));
        if (string.IsNullOrEmpty(currency))
        {
            return new(field, definition.Currencies.Count == 0
                ? FormattableString.Invariant($"is required (the program currency, {definition.Currency})")
                : FormattableString.Invariant($"is required (one of {accepted})"));
        }

        if (string.Equals(currency, definition.Currency, StringComparison.Ordinal))
        {
            return null;
        }

        if (definition.FindCurrency(currency) is not { } listed)
        {
            return new(field, definition.Currencies.Count == 0
                ? FormattableString.Invariant($"must be the program currency, {definition.Currency}")
                : FormattableString.Invariant($"must be one of {accepted}"));
        }

        return period is { } month && listed.RateFor(month) is null
            ? new(field, FormattableString.Invariant($"{currency} has no program rate for {month:yyyy-MM} in {definition.VersionTag}"))
            : null;
    }

    /// <summary>
    /// The source of revenue reported by a distributor (its own name for itself, e.g. "distrib, b"): required, at most
    /// <see cref="MaxNameLength"/> characters, no control characters, no ':' (it separates the source from the line
    /// reference in the line's id), and never <see cref="PartnerRevenueSource"/> in any case, which marks the lines
    /// partners enter themselves.
    /// </summary>
    public static EvidenceRuleError? CheckDistributorSource(string field, string? source)
    {
        if (string.IsNullOrEmpty(source))
        {
            return new(field, "is required");
        }

        if (source.Length > MaxNameLength || source.Any(char.IsControl))
        {
            return new(field, TooLongOrControl);
        }

        if (source.Contains(':', StringComparison.Ordinal))
        {
            return new(field, "must not contain ':' (it separates the source from the line reference)");
        }

        return string.Equals(source.Trim(), PartnerRevenueSource, StringComparison.OrdinalIgnoreCase)
            ? new(field, FormattableString.Invariant($"'{source}' is reserved for revenue lines partners enter themselves"))
            : null;
    }

    /// <summary>An accreditation's completion day: not after <paramref name="today"/>.</summary>
    public static EvidenceRuleError? CheckCompletedOn(string field, DateOnly completedOn, DateOnly today) =>
        completedOn > today ? new(field, "must not be in the future") : null;

    /// <summary>An accreditation's last valid day, when given: not before its completion day.</summary>
    public static EvidenceRuleError? CheckExpiresOn(string field, DateOnly? expiresOn, DateOnly completedOn) =>
        expiresOn is { } expires && expires < completedOn ? new(field, "must not be before completedOn") : null;

    /// <summary>A customer satisfaction, when measured: between 0 and 5.</summary>
    public static EvidenceRuleError? CheckSatisfaction(string field, decimal? satisfaction) =>
        satisfaction is { } value && (value < 0m || value > 5m) ? new(field, "must be between 0 and 5") : null;

    private static string TooLongOrControl => FormattableString.Invariant($"must be at most {MaxNameLength} characters, without control characters");
}
