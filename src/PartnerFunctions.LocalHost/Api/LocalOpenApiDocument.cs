namespace PartnerFunctions.LocalHost.Api;

/// <summary>docs/openapi.json, embedded at build (the same document the Functions app serves).</summary>
internal static class LocalOpenApiDocument
{
    private const string ResourceName = "PartnerFunctions.LocalHost.openapi.json";

    private static readonly Lazy<string> Text = new(Load);

    public static string Json => Text.Value;

    private static string Load()
    {
        using var stream = typeof(LocalOpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
