using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Access;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff access-management triggers: thin wrappers over <see cref="AccessHandlers"/> (partner keys, principal mappings).</summary>
public static class AccessFunctions
{
    [Function("IssuePartnerCredential")]
    public static async Task<IActionResult> IssuePartnerCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AccessHandlers.Routes.Credentials)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Handlers(request).IssueAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("ListPartnerCredentials")]
    public static async Task<IActionResult> ListPartnerCredentials(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AccessHandlers.Routes.Credentials)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Handlers(request).ListAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("RevokePartnerCredential")]
    public static async Task<IActionResult> RevokePartnerCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = AccessHandlers.Routes.Credential)] HttpRequest request,
        string partnerId,
        string credentialId) =>
        new HttpResultActionResult(await Handlers(request).RevokeAsync(request, partnerId, credentialId, request.HttpContext.RequestAborted));

    [Function("MapPartnerPrincipal")]
    public static async Task<IActionResult> MapPartnerPrincipal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = AccessHandlers.Routes.Principal)] HttpRequest request,
        string partnerId,
        string objectId) =>
        new HttpResultActionResult(await Handlers(request).MapPrincipalAsync(request, partnerId, objectId, request.HttpContext.RequestAborted));

    [Function("UnmapPartnerPrincipal")]
    public static async Task<IActionResult> UnmapPartnerPrincipal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = AccessHandlers.Routes.Principal)] HttpRequest request,
        string partnerId,
        string objectId) =>
        new HttpResultActionResult(await Handlers(request).UnmapPrincipalAsync(request, partnerId, objectId, request.HttpContext.RequestAborted));

    private static AccessHandlers Handlers(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<AccessHandlers>();
}
