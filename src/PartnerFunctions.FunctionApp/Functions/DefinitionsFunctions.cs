using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Definitions;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff HTTP triggers for program definitions: thin wrappers over <see cref="DefinitionHandlers"/>.</summary>
public static class DefinitionsFunctions
{
    [Function("ValidateDefinition")]
    public static async Task<IActionResult> ValidateDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DefinitionHandlers.Routes.Validate)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).ValidateDefinitionAsync(request, request.HttpContext.RequestAborted));

    [Function("PostDefinition")]
    public static async Task<IActionResult> PostDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DefinitionHandlers.Routes.Definitions)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).PostDefinitionAsync(request, request.HttpContext.RequestAborted));

    [Function("ListDefinitions")]
    public static async Task<IActionResult> ListDefinitions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DefinitionHandlers.Routes.Definitions)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).ListDefinitionsAsync(request, request.HttpContext.RequestAborted));

    [Function("GetDefinition")]
    public static async Task<IActionResult> GetDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DefinitionHandlers.Routes.Version)] HttpRequest request,
        string id,
        string version) =>
        new HttpResultActionResult(await Handlers(request).GetDefinitionAsync(request, id, version, request.HttpContext.RequestAborted));

    [Function("ActivateDefinition")]
    public static async Task<IActionResult> ActivateDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DefinitionHandlers.Routes.Activate)] HttpRequest request,
        string id,
        string version) =>
        new HttpResultActionResult(await Handlers(request).ActivateDefinitionAsync(request, id, version, request.HttpContext.RequestAborted));

    private static DefinitionHandlers Handlers(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<DefinitionHandlers>();
}
