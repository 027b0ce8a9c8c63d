using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.TierOverrides;

/// <summary>
/// Tier overrides with four eyes: one staff member asks (API or the console's partner page), another approves through
/// the approvals queue or the emailed link; any staff member may revoke one in force.
/// </summary>
public static class OverrideRoutes
{
    public const string TierOverride = "staff/partners/{partnerId}/tier-override";

    /// <summary>The console's forms (from the site root).</summary>
    public const string RequestPage = "staff/partners/{partnerId}/tier-override";
    public const string RevokePage = "staff/partners/{partnerId}/tier-override/revoke";

    private const string Tag = "overrides";

    public static readonly ApiRoute RequestTierOverride = new(
        nameof(RequestTierOverride), "POST", TierOverride, RouteAudience.Staff, Tag, "Ask for a tier override (takes effect once a second staff member approves)",
        call => call.Service<OverrideHandlers>().RequestAsync(call.Request, call.Value("partnerId"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute RevokeTierOverride = new(
        nameof(RevokeTierOverride), "DELETE", TierOverride, RouteAudience.Staff, Tag, "Revoke the tier override in force: the evidence decides again",
        call => call.Service<OverrideHandlers>().RevokeAsync(call.Value("partnerId"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute RequestTierOverrideFromConsole = new(
        nameof(RequestTierOverrideFromConsole), "POST", RequestPage, RouteAudience.StaffPage, Tag, "Console: ask for a tier override",
        call => call.Service<OverridePageHandlers>().RequestAsync(call));

    public static readonly ApiRoute RevokeTierOverrideFromConsole = new(
        nameof(RevokeTierOverrideFromConsole), "POST", RevokePage, RouteAudience.StaffPage, Tag, "Console: revoke the tier override in force",
        call => call.Service<OverridePageHandlers>().RevokeAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [RequestTierOverride, RevokeTierOverride, RequestTierOverrideFromConsole, RevokeTierOverrideFromConsole];
}
