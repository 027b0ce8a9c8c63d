using System.Text.RegularExpressions;

namespace PartnerFunctions.Infrastructure.Email;

/// <summary>
/// The one Email Activity query the product asks SendGrid (<c>GET /v3/messages?query=...</c>): messages whose custom
/// arg equals a value, written in SendGrid's query language as <c>unique_args['name']="value"</c>. Shared by the
/// sender (which builds it) and the local SendGrid-compatible endpoints (which parse it), so both speak the same form.
/// </summary>
public static partial class SendGridActivityQuery
{
    /// <summary>The query for messages whose custom arg <paramref name="arg"/> is <paramref name="value"/>; null when the value cannot be quoted.</summary>
    public static string? For(string arg, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(arg);
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 || value.Any(c => c is '"' or '\'' or '\\' || char.IsControl(c)) || !ArgName().IsMatch(arg)
            ? null
            : $"unique_args['{arg}']=\"{value}\"";
    }

    /// <summary>Reads a query of that form back; false for anything else.</summary>
    public static bool TryParse(string? query, out string arg, out string value)
    {
        var match = query is null ? Match.Empty : Pattern().Match(query.Trim());
        arg = match.Success ? match.Groups["arg"].Value : string.Empty;
        value = match.Success ? match.Groups["value"].Value : string.Empty;
        return match.Success;
    }

    [GeneratedRegex(@"\A[A-Za-z0-9_]+\z")]
    private static partial Regex ArgName();

    [GeneratedRegex("""\Aunique_args\['(?<arg>[A-Za-z0-9_]+)'\]\s*=\s*"(?<value>[^"'\\]+)"\z""")]
    private static partial Regex Pattern();
}
