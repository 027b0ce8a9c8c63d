using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff HTTP triggers for program definitions: thin wrappers over <see cref="DefinitionHandlers"/>.</summary>
public static class DefinitionsFunctions
{
    [Function(nameof(DefinitionRoutes.ValidateDefinition))]
    public static Task<IActionResult> ValidateDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + DefinitionRoutes.Validate)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ValidateDefinition, request, null);

    [Function(nameof(DefinitionRoutes.PostDefinition))]
    public static Task<IActionResult> PostDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + DefinitionRoutes.Definitions)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.PostDefinition, request, null);

    [Function(nameof(DefinitionRoutes.ListDefinitions))]
    public static Task<IActionResult> ListDefinitions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + DefinitionRoutes.Definitions)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ListDefinitions, request, null);

    [Function(nameof(DefinitionRoutes.GetDefinition))]
    public static Task<IActionResult> GetDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + DefinitionRoutes.Version)] HttpRequest request,
        string id,
        string version) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.GetDefinition, request, null, ("id", id), ("version", version));

    [Function(nameof(DefinitionRoutes.ActivateDefinition))]
    public static Task<IActionResult> ActivateDefinition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + DefinitionRoutes.Activate)] HttpRequest request,
        string id,
        string version) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ActivateDefinition, request, null, ("id", id), ("version", version));
}
