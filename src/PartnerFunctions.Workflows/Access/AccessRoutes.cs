using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Access;

/// <summary>The staff access-management routes (under /api): partner API keys and principal mappings.</summary>
public static class AccessRoutes
{
    public const string Credentials = "staff/partners/{partnerId}/credentials";
    public const string Credential = "staff/partners/{partnerId}/credentials/{credentialId}";
    public const string Principal = "staff/partners/{partnerId}/principals/{objectId}";

    private const string Tag = "access";

    public static readonly ApiRoute IssuePartnerCredential = new(
        nameof(IssuePartnerCredential), "POST", Credentials, RouteAudience.Staff, Tag, "Issue an API key for a partner",
        call => call.Service<AccessHandlers>().IssueAsync(call.Request, call.Value("partnerId"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ListPartnerCredentials = new(
        nameof(ListPartnerCredentials), "GET", Credentials, RouteAudience.Staff, Tag, "List a partner's API keys (without the keys)",
        call => call.Service<AccessHandlers>().ListAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute RevokePartnerCredential = new(
        nameof(RevokePartnerCredential), "DELETE", Credential, RouteAudience.Staff, Tag, "Revoke a partner's API key",
        call => call.Service<AccessHandlers>().RevokeAsync(call.Request, call.Value("partnerId"), call.Value("credentialId"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute MapPartnerPrincipal = new(
        nameof(MapPartnerPrincipal), "PUT", Principal, RouteAudience.Staff, Tag, "Let an Entra ID principal act as a partner",
        call => call.Service<AccessHandlers>().MapPrincipalAsync(call.Request, call.Value("partnerId"), call.Value("objectId"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute UnmapPartnerPrincipal = new(
        nameof(UnmapPartnerPrincipal), "DELETE", Principal, RouteAudience.Staff, Tag, "Remove a principal's partner mapping",
        call => call.Service<AccessHandlers>().UnmapPrincipalAsync(call.Request, call.Value("partnerId"), call.Value("objectId"), call.StaffId, call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
        [IssuePartnerCredential, ListPartnerCredentials, RevokePartnerCredential, MapPartnerPrincipal, UnmapPartnerPrincipal];
}
