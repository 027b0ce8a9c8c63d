using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Importing;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff HTTP triggers for distributor CSV imports: thin wrappers over <see cref="ImportHandlers"/>.</summary>
public static class ImportsFunctions
{
    [Function(nameof(ImportRoutes.ImportRevenue))]
    public static Task<IActionResult> ImportRevenue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ImportRoutes.Revenue)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ImportRoutes.ImportRevenue, request, null);

    [Function(nameof(ImportRoutes.ImportAccreditations))]
    public static Task<IActionResult> ImportAccreditations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ImportRoutes.Accreditations)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ImportRoutes.ImportAccreditations, request, null);

    [Function(nameof(ImportRoutes.ShowImports))]
    public static Task<IActionResult> ShowImports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ImportRoutes.Page)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ImportRoutes.ShowImports, request, null);

    [Function(nameof(ImportRoutes.UploadImport))]
    public static Task<IActionResult> UploadImport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ImportRoutes.Page)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ImportRoutes.UploadImport, request, null);
}
