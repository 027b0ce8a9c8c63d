using System.Text;

namespace PartnerFunctions.Domain.Evidence;

/// <summary>One partner's claim of a customer reference, as the duplicate search reads it.</summary>
public sealed record ReferenceClaim(string PartnerId, string PartnerName, string ReferenceId, string CompetencyId, string CustomerName, ReferenceState State);

/// <summary>The same customer reference (same customer, same competency) claimed by two partners or more.</summary>
/// <param name="Key">The normalised key: competency, then the customer's name (see <see cref="ReferenceDuplicates.KeyOf"/>).</param>
public sealed record ReferenceDuplicate(string Key, string CompetencyId, IReadOnlyList<ReferenceClaim> Claims);

/// <summary>
/// Customer references claimed by more than one partner: the same competency and the same customer once its name is
/// normalised (case, accents, punctuation and spacing ignored; a trailing legal form such as "SAS", "GmbH" or "Ltd"
/// dropped). Rejected references claim nothing. Each partner evaluates alone, so such a reference counts for each of
/// them until program staff resolve it. Pure: the claims are an input.
/// </summary>
public static class ReferenceDuplicates
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "sa", "sas", "sasu", "sarl", "eurl", "sca", "scop", "gmbh", "ag", "kg", "ltd", "llc", "inc", "plc", "bv", "nv", "spa", "srl", "sl", "co", "corp",
    };

    /// <summary>The key two claims of the same reference share.</summary>
    public static string KeyOf(string competencyId, string customerName)
    {
        ArgumentNullException.ThrowIfNull(competencyId);
        ArgumentNullException.ThrowIfNull(customerName);
        return competencyId + "|" + NormaliseName(customerName);
    }

    /// <summary>"Mairie de Lorient" and "MAIRIE DE LORIENT." alike: "mairie de lorient"; "Équipe Sud SAS": "equipe sud".</summary>
    public static string NormaliseName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in name)
        {
            if (c == '.')
            {
                // "S.A." is "SA"; a trailing full stop is nothing.
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(Fold(char.ToLowerInvariant(c)));
            }
            else if (word.Length > 0)
            {
                // Spaces, apostrophes ("l'Hôtel" as "l Hôtel"), hyphens and other marks all separate words.
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        while (words.Count > 1 && LegalForms.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words);
    }

    // Latin letters without their accents, by table: the app runs with invariant globalization (no Unicode normalisation data).
    private static string Fold(char c) => c switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' or 'é' or 'ê' or 'ë' => "e",
        'ì' or 'í' or 'î' or 'ï' => "i",
        'ñ' => "n",
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' => "o",
        'œ' => "oe",
        'ù' or 'ú' or 'û' or 'ü' => "u",
        'ý' or 'ÿ' => "y",
        'ß' => "ss",
        _ => c.ToString(),
    };

    /// <summary>The references claimed by two partners or more, by key; each claim once, in partner order.</summary>
    public static IReadOnlyList<ReferenceDuplicate> Find(IEnumerable<ReferenceClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return claims
            .Where(c => c.State != ReferenceState.Rejected)
            .GroupBy(c => KeyOf(c.CompetencyId, c.CustomerName), StringComparer.Ordinal)
            .Where(g => g.Select(c => c.PartnerId).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => new ReferenceDuplicate(
                g.Key,
                g.First().CompetencyId,
                g.OrderBy(c => c.PartnerId, StringComparer.Ordinal).ThenBy(c => c.ReferenceId, StringComparer.Ordinal).ToArray()))
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .ToArray();
    }
}
