using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>
/// The text the mail page's search box looks in: recipients, subject and body (the text part, or the HTML part without
/// its tags when there is no text part), folded to lower case without accents (the Latin letters of French and its neighbours) so that "securite" finds
/// "Sécurité".
/// Computed once per message when it is captured and kept with its summary, so a search is a scan of short strings.
/// </summary>
public static partial class MailSearchText
{
    /// <summary>The longest query the search box accepts (and the page reads).</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The folded search text of one message.</summary>
    public static string Of(CapturedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var body = mail.Text ?? (mail.Html is null ? string.Empty : WebUtility.HtmlDecode(TagPattern().Replace(mail.Html, " ")));
        return Fold(mail.To + "\n" + mail.Subject + "\n" + body);
    }

    /// <summary>The search text of a message known only by its summary (captured before search texts were kept).</summary>
    public static string Of(CapturedMailSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return Fold(summary.To + "\n" + summary.Subject);
    }

    /// <summary>The words of a query, folded as the search texts are; empty when there is nothing to look for.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query) ? [] : Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a search text holds every term (all words, in any order).</summary>
    public static bool Matches(string searchText, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(searchText);
        ArgumentNullException.ThrowIfNull(terms);
        foreach (var term in terms)
        {
            if (!searchText.Contains(term, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Lower case, accents removed (é→e, œ→oe, ß→ss), every run of white space one space. By table, not by Unicode
    /// decomposition: the apps run with invariant globalization, where string.Normalize leaves "é" as it is.
    /// </summary>
    public static string Fold(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var folded = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = folded.Length > 0;
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            var lower = char.ToLowerInvariant(c);
            _ = lower switch
            {
                'œ' => folded.Append("oe"),
                'æ' => folded.Append("ae"),
                'ß' => folded.Append("ss"),
                _ => folded.Append(BaseLetters.GetValueOrDefault(lower, lower)),
            };
        }

        return folded.ToString();
    }

    // Latin-1 and Latin Extended-A letters with their marks, lower case, by the letter they are written on.
    private static readonly FrozenDictionary<char, char> BaseLetters = new Dictionary<string, char>
    {
        ["àáâãäåāăą"] = 'a',
        ["çćĉċč"] = 'c',
        ["ďđ"] = 'd',
        ["èéêëēĕėęě"] = 'e',
        ["ĝğġģ"] = 'g',
        ["ĥħ"] = 'h',
        ["ìíîïĩīĭįı"] = 'i',
        ["ĵ"] = 'j',
        ["ķ"] = 'k',
        ["ĺļľŀł"] = 'l',
        ["ñńņňŉ"] = 'n',
        ["òóôõöøōŏő"] = 'o',
        ["ŕŗř"] = 'r',
        ["śŝşšſ"] = 's',
        ["ţťŧ"] = 't',
        ["ùúûüũūŭůűų"] = 'u',
        ["ŵ"] = 'w',
        ["ýÿŷ"] = 'y',
        ["źżž"] = 'z',
    }.SelectMany(letter => letter.Key.Select(marked => KeyValuePair.Create(marked, letter.Value))).ToFrozenDictionary();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
