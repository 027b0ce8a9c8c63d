using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>The OpenAPI document kept in the repository as docs/openapi.json (embedded in the workflows assembly, served by its route).</summary>
public static class OpenApiDocument
{
    /// <summary>The document's JSON text.</summary>
    public static string Json => OpenApiRoutes.Json;
}
