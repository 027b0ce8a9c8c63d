namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>The OpenAPI document kept in the repository as docs/openapi.json and embedded in this assembly.</summary>
public static class OpenApiDocument
{
    private const string ResourceName = "PartnerFunctions.FunctionApp.openapi.json";

    private static readonly Lazy<string> Text = new(Load);

    /// <summary>The document's JSON text.</summary>
    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
