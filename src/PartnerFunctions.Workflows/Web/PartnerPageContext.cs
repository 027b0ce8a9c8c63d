using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>The context of a partner's page, whichever feature renders it.</summary>
public static class PartnerPageContext
{
    /// <summary>The partner's own session, or staff looking at the partner's page in the partner's language.</summary>
    public static PageContext For(RouteCall call, PartnerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(profile);
        return call.Session?.Kind == WebSessionKind.Staff
            ? new PageContext(call.Session, string.Equals(profile.Partner.Language, "fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en")
            : call.Page;
    }
}
