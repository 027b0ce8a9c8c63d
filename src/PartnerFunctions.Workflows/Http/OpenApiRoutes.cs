namespace PartnerFunctions.Workflows.Http;

/// <summary>The route of the OpenAPI document (docs/openapi.json, embedded in this assembly at build).</summary>
public static class OpenApiRoutes
{
    public const string Document = "openapi.json";

    private const string ResourceName = "PartnerFunctions.Workflows.openapi.json";

    private static readonly Lazy<string> Text = new(Load);

    /// <summary>The document's JSON text.</summary>
    public static string Json => Text.Value;

    public static readonly ApiRoute GetOpenApiDocument = new(
        nameof(GetOpenApiDocument), "GET", Document, RouteAudience.Anonymous, "meta", "This OpenAPI document",
        _ => Task.FromResult(ApiResults.RawJson(Json)));

    /// <summary>This entry of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [GetOpenApiDocument];

    private static string Load()
    {
        using var stream = typeof(OpenApiRoutes).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
