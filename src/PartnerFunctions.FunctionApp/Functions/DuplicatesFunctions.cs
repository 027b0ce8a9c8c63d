using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Duplicates;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Customer references claimed by two partners or more (listed by the nightly) and their resolution.</summary>
public static class DuplicatesFunctions
{
    [Function(nameof(DuplicateRoutes.ListDuplicates))]
    public static Task<IActionResult> ListDuplicates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + DuplicateRoutes.List)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DuplicateRoutes.ListDuplicates, request, null);

    [Function(nameof(DuplicateRoutes.ResolveDuplicate))]
    public static Task<IActionResult> ResolveDuplicate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + DuplicateRoutes.Resolutions)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DuplicateRoutes.ResolveDuplicate, request, null);

    [Function(nameof(DuplicateRoutes.ShowDuplicates))]
    public static Task<IActionResult> ShowDuplicates(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DuplicateRoutes.Page)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DuplicateRoutes.ShowDuplicates, request, null);

    [Function(nameof(DuplicateRoutes.ResolveDuplicateFromConsole))]
    public static Task<IActionResult> ResolveDuplicateFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DuplicateRoutes.ResolvePage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(DuplicateRoutes.ResolveDuplicateFromConsole, request, null);
}
