using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Serves the OpenAPI 3 document of the whole HTTP API (docs/openapi.json, embedded at build).</summary>
public static class OpenApiFunctions
{
    [Function(nameof(OpenApiRoutes.GetOpenApiDocument))]
    public static Task<IActionResult> GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + OpenApiRoutes.Document)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(OpenApiRoutes.GetOpenApiDocument, request, null);
}
