using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Definitions;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The console's program definition pages (<see cref="DefinitionRoutes"/>). Thin wrappers.</summary>
public static class DefinitionPagesFunctions
{
    [Function(nameof(DefinitionRoutes.ShowDefinitions))]
    public static Task<IActionResult> ShowDefinitions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DefinitionRoutes.ListPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ShowDefinitions, request, null);

    [Function(nameof(DefinitionRoutes.ShowDefinitionDiff))]
    public static Task<IActionResult> ShowDefinitionDiff(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DefinitionRoutes.DiffPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ShowDefinitionDiff, request, null);

    [Function(nameof(DefinitionRoutes.UploadDefinitionFromConsole))]
    public static Task<IActionResult> UploadDefinitionFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DefinitionRoutes.UploadPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.UploadDefinitionFromConsole, request, null);

    [Function(nameof(DefinitionRoutes.ActivateDefinitionFromConsole))]
    public static Task<IActionResult> ActivateDefinitionFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DefinitionRoutes.ActivatePage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DefinitionRoutes.ActivateDefinitionFromConsole, request, null);
}
