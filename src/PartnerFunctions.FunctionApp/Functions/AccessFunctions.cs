using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff access-management triggers: thin wrappers over <see cref="AccessHandlers"/> (partner keys, principal mappings).</summary>
public static class AccessFunctions
{
    [Function(nameof(AccessRoutes.IssuePartnerCredential))]
    public static Task<IActionResult> IssuePartnerCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + AccessRoutes.Credentials)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(AccessRoutes.IssuePartnerCredential, request, null, ("partnerId", partnerId));

    [Function(nameof(AccessRoutes.ListPartnerCredentials))]
    public static Task<IActionResult> ListPartnerCredentials(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + AccessRoutes.Credentials)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(AccessRoutes.ListPartnerCredentials, request, null, ("partnerId", partnerId));

    [Function(nameof(AccessRoutes.RevokePartnerCredential))]
    public static Task<IActionResult> RevokePartnerCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoute.Prefix + AccessRoutes.Credential)] HttpRequest request,
        string partnerId,
        string credentialId) =>
        FunctionRoute.InvokeAsync(AccessRoutes.RevokePartnerCredential, request, null, ("partnerId", partnerId), ("credentialId", credentialId));

    [Function(nameof(AccessRoutes.MapPartnerPrincipal))]
    public static Task<IActionResult> MapPartnerPrincipal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoute.Prefix + AccessRoutes.Principal)] HttpRequest request,
        string partnerId,
        string objectId) =>
        FunctionRoute.InvokeAsync(AccessRoutes.MapPartnerPrincipal, request, null, ("partnerId", partnerId), ("objectId", objectId));

    [Function(nameof(AccessRoutes.UnmapPartnerPrincipal))]
    public static Task<IActionResult> UnmapPartnerPrincipal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoute.Prefix + AccessRoutes.Principal)] HttpRequest request,
        string partnerId,
        string objectId) =>
        FunctionRoute.InvokeAsync(AccessRoutes.UnmapPartnerPrincipal, request, null, ("partnerId", partnerId), ("objectId", objectId));
}
