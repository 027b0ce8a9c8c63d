using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Web;

/// <summary>What every page's layout needs: the session (navigation, sign-out form's token) and the page's language.</summary>
public sealed record PageContext(WebSession? Session, string Language)
{
    /// <summary>A page without a session, in English.</summary>
    public static PageContext Anonymous { get; } = new(null, "en");

    /// <summary>The context of <paramref name="session"/> in its language.</summary>
    public static PageContext Of(WebSession? session) => new(session, session?.Language ?? "en");

    /// <summary>True in French.</summary>
    public bool IsFrench => Language == "fr";

    /// <summary>The English or French text, by the page's language.</summary>
    public string T(string english, string french) => IsFrench ? french : english;
}
