using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Serves the OpenAPI 3 document of the whole HTTP API (docs/openapi.json, embedded at build).</summary>
public static class OpenApiFunctions
{
    /// <summary>Route of the document (under /api).</summary>
    public const string Route = "openapi.json";

    [Function("GetOpenApiDocument")]
    public static IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new HttpResultActionResult(ApiResults.RawJson(OpenApiDocument.Json));
    }
}
