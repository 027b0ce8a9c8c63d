namespace PartnerFunctions.Workflows.Common;

/// <summary>
/// The partner pages emails link to (from <c>Workflows:PublicBaseUrl</c>, never a request's Host header). A page link
/// opens in a browser: without a session it goes through sign-in and back, never to a key-protected JSON route.
/// </summary>
public static class PartnerPageLinks
{
    /// <summary>The partner's "My program" page: <c>{PublicBaseUrl}/partner/{partnerId}</c>.</summary>
    public static string Program(string publicBaseUrl, string partnerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicBaseUrl);
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        return $"{publicBaseUrl.TrimEnd('/')}/partner/{Uri.EscapeDataString(partnerId)}";
    }

    /// <summary>The partner's page of its certification of a competency: <c>{PublicBaseUrl}/partner/{partnerId}/certifications/{competencyId}</c>.</summary>
    public static string Certification(string publicBaseUrl, string partnerId, string competencyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(competencyId);
        return Program(publicBaseUrl, partnerId) + "/certifications/" + Uri.EscapeDataString(competencyId);
    }

    /// <summary>The console's page of a partner (a path from the site root, for links between pages).</summary>
    public static string StaffDetail(string partnerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        return "/staff/partners/" + Uri.EscapeDataString(partnerId);
    }
}
