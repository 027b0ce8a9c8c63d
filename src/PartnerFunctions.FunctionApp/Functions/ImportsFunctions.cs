using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Importing;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff HTTP triggers for distributor CSV imports: thin wrappers over <see cref="ImportHandlers"/>.</summary>
public static class ImportsFunctions
{
    [Function("ImportRevenue")]
    public static async Task<IActionResult> ImportRevenue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ImportHandlers.Routes.Revenue)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).ImportRevenueAsync(request, request.HttpContext.RequestAborted));

    [Function("ImportAccreditations")]
    public static async Task<IActionResult> ImportAccreditations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ImportHandlers.Routes.Accreditations)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).ImportAccreditationsAsync(request, request.HttpContext.RequestAborted));

    private static ImportHandlers Handlers(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ImportHandlers>();
}
