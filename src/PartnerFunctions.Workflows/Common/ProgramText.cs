using System.Globalization;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Common;

/// <summary>
/// The program's words and figures in a language ("fr", else English), for pages and emails alike: tiers, levels,
/// days ("1er octobre 2026", "1 October 2026"), amounts ("130 000 EUR", "130,000 EUR"), plurals and elision.
/// Built here, not from cultures: the app runs without ICU.
/// </summary>
public static class ProgramText
{
    private static readonly NumberFormatInfo FrenchNumbers = new() { NumberGroupSeparator = "\u202F", NumberDecimalSeparator = "," };

    // The app runs in invariant globalization mode (no ICU), so the two languages' month names are ours.
    private static readonly string[] EnglishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] FrenchMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>True for French (the language codes the program accepts are "fr" and "en").</summary>
    public static bool IsFrench(string? language) => string.Equals(language, "fr", StringComparison.OrdinalIgnoreCase);

    /// <summary>The number format of the language.</summary>
    public static NumberFormatInfo Numbers(string? language) => IsFrench(language) ? FrenchNumbers : CultureInfo.InvariantCulture.NumberFormat;

    /// <summary>A tier's name.</summary>
    public static string Tier(Tier tier, string? language) => (tier, IsFrench(language)) switch
    {
        (Domain.Program.Tier.Registered, true) => "Enregistré",
        (Domain.Program.Tier.Silver, true) => "Argent",
        (Domain.Program.Tier.Gold, true) => "Or",
        (Domain.Program.Tier.Platinum, true) => "Platine",
        _ => tier.ToString(),
    };

    /// <summary>A customer's market.</summary>
    public static string Market(Market market, string? language) => (market, IsFrench(language)) switch
    {
        (Domain.Program.Market.Enterprise, true) => "Grand compte",
        (Domain.Program.Market.Enterprise, false) => "Enterprise",
        (Domain.Program.Market.Midmarket, true) => "Entreprise moyenne",
        (Domain.Program.Market.Midmarket, false) => "Midmarket",
        (_, true) => "Petite entreprise",
        _ => "Small business",
    };

    /// <summary>A competency level's name.</summary>
    public static string Level(CompetencyLevel level, string? language) => level switch
    {
        CompetencyLevel.None => IsFrench(language) ? "Non détenue" : "Not held",
        _ => level.ToString(),
    };

    /// <summary>A day: "1er octobre 2026", "3 décembre 2026"; "1 October 2026".</summary>
    public static string Day(DateOnly day, string? language) => IsFrench(language)
        ? FormattableString.Invariant($"{(day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture))} {FrenchMonths[day.Month - 1]} {day.Year}")
        : FormattableString.Invariant($"{day.Day} {EnglishMonths[day.Month - 1]} {day.Year}");

    /// <summary>A whole number with the language's thousands separator.</summary>
    public static string Number(decimal value, string? language) => value.ToString("N0", Numbers(language));

    /// <summary>An amount with its currency: "130 000 EUR", "130,000 EUR" (cents only when there are any).</summary>
    public static string Money(decimal amount, string currency, string? language) =>
        amount.ToString(decimal.Truncate(amount) == amount ? "N0" : "N2", Numbers(language)) + "\u00A0" + currency;

    /// <summary>"1 jour", "0 jour", "2 jours"; "1 day", "0 days", "2 days" (French singular below 2).</summary>
    public static string Count(long count, string singular, string plural, string? language) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {((IsFrench(language) ? count is >= -1 and <= 1 : count == 1) ? singular : plural)}");

    /// <summary>What a clause falls short by, in words: "1 personne accréditée", "30 000 EUR de chiffre d'affaires", "2 validated references".</summary>
    public static string Gap(ClauseReceipt gap, string currency, string? language)
    {
        ArgumentNullException.ThrowIfNull(gap);
        var whole = (long)decimal.Ceiling(gap.Shortfall);
        var french = IsFrench(language);
        return gap.Clause switch
        {
            Clause.AccreditedPeople => french ? Count(whole, "personne accréditée", "personnes accréditées", language) : Count(whole, "accredited person", "accredited people", language),
            Clause.ValidatedReferences => french ? Count(whole, "référence validée", "références validées", language) : Count(whole, "validated reference", "validated references", language),
            Clause.CompetencyRevenue or Clause.TotalRevenue => $"{Money(gap.Shortfall, currency, language)} {(french ? "de chiffre d'affaires" : "of revenue")}",
            Clause.Satisfaction => french
                ? $"une satisfaction moyenne d'au moins {gap.Required.ToString("0.0", FrenchNumbers)}/5"
                : string.Create(CultureInfo.InvariantCulture, $"an average satisfaction of at least {gap.Required:0.0}/5"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{gap.Clause} {gap.Required}"),
        };
    }

    /// <summary>"de Marc", "d'Inès", "d'Hélène" (French elision before a vowel or a mute h).</summary>
    public static string Of(string name, string? language)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsFrench(language))
        {
            return "of " + name;
        }

        var first = name.Length == 0 ? ' ' : char.ToLowerInvariant(name[0]);
        return ("aeiouyhàâäéèêëîïôöûüœ".Contains(first, StringComparison.Ordinal) ? "d'" : "de ") + name;
    }
}
