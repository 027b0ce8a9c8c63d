using System.Globalization;
using System.Text;

namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// Search words from text: lower case, accents and other marks removed ("Sécurité" → "securite"), ligatures and a few
/// letters spelled out ("œ" → "oe", "ß" → "ss"), split at every character that is not a letter or a digit. Names, ids
/// and queries go through the same function, so they match whatever their case and accents. The app runs with
/// invariant globalization (no ICU, so no Unicode normalization): the Latin letters with diacritics are folded by the
/// table below, and combining marks (decomposed input, "e" + U+0301) are dropped.
/// </summary>
public static class SearchText
{
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                var lower = char.ToLowerInvariant(c);
                if (Folded.TryGetValue(lower, out var folded))
                {
                    word.Append(folded);
                }
                else
                {
                    word.Append(lower);
                }

                continue;
            }

            Flush(words, word);
        }

        Flush(words, word);
        return words;
    }

    // Lower-case Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) and what they fold to.
    private static readonly Dictionary<char, string> Folded = Fold(
        ("àáâãäåāăą", "a"), ("æ", "ae"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĳ", "ij"), ("ĵ", "j"), ("ķĸ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉŋ", "n"), ("òóôõöøōŏő", "o"),
        ("œ", "oe"), ("ŕŗř", "r"), ("śŝşšſ", "s"), ("ß", "ss"), ("ţťŧ", "t"), ("þ", "th"), ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"));

    private static Dictionary<char, string> Fold(params (string Letters, string To)[] groups)
    {
        var folded = new Dictionary<char, string>();
        foreach (var (letters, to) in groups)
        {
            foreach (var letter in letters)
            {
                folded[letter] = to;
            }
        }

        return folded;
    }

    private static void Flush(List<string> words, StringBuilder word)
    {
        if (word.Length > 0)
        {
            words.Add(word.ToString());
            word.Clear();
        }
    }
}
