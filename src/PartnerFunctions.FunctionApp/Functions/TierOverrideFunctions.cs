using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.TierOverrides;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Tier overrides: asked for by one staff member (approved by another through the approvals routes), revoked by any.</summary>
public static class TierOverrideFunctions
{
    [Function(nameof(OverrideRoutes.RequestTierOverride))]
    public static Task<IActionResult> RequestTierOverride(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + OverrideRoutes.TierOverride)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(OverrideRoutes.RequestTierOverride, request, null, ("partnerId", partnerId));

    [Function(nameof(OverrideRoutes.RevokeTierOverride))]
    public static Task<IActionResult> RevokeTierOverride(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoute.Prefix + OverrideRoutes.TierOverride)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(OverrideRoutes.RevokeTierOverride, request, null, ("partnerId", partnerId));

    [Function(nameof(OverrideRoutes.RequestTierOverrideFromConsole))]
    public static Task<IActionResult> RequestTierOverrideFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OverrideRoutes.RequestPage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(OverrideRoutes.RequestTierOverrideFromConsole, request, null, ("partnerId", partnerId));

    [Function(nameof(OverrideRoutes.RevokeTierOverrideFromConsole))]
    public static Task<IActionResult> RevokeTierOverrideFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = OverrideRoutes.RevokePage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(OverrideRoutes.RevokeTierOverrideFromConsole, request, null, ("partnerId", partnerId));
}
