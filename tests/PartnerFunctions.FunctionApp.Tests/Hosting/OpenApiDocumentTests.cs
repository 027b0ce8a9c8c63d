using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

public sealed partial class OpenApiDocumentTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public void OpenApi_EveryHttpFunction_IsDocumentedWithItsNameAsOperationIdAndNothingElseIs()
    {
        var functions = FunctionCatalog.HttpFunctions(typeof(Program).Assembly)
            .SelectMany(f => f.Methods.Select(m => $"{m} /{WithoutConstraints(f.Route)} {f.Name}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var documented = Operations(OpenApiDocument.Json).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(functions, documented);
    }

    [Fact]
    public void OpenApi_EmbeddedDocument_IsTheOneInDocs()
    {
        Assert.Equal(File.ReadAllText(RepositoryPaths.OpenApiDocument), OpenApiDocument.Json);
    }

    [Fact]
    public void OpenApi_Document_IsOpenApi3WithServerUnderApi()
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Json);
        var root = document.RootElement;

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("/api", root.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task GetOpenApiDocument_Function_ServesTheDocument()
    {
        var request = new Microsoft.AspNetCore.Http.DefaultHttpContext().Request;
        request.HttpContext.Response.Body = new MemoryStream();
        var response = await ApiContext.ExecuteAsync(request, await OpenApiFunctions.GetOpenApiDocument(request));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(OpenApiDocument.Json, response.Body);
    }

    private static IEnumerable<string> Operations(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)))
            {
                var operationId = operation.Value.TryGetProperty("operationId", out var id) ? id.GetString() : "(no operationId)";
                yield return $"{operation.Name.ToUpperInvariant()} {path.Name} {operationId}";
            }
        }
    }

    // "runs/{kind:alpha}/{id}" is documented as "runs/{kind}/{id}"; "{*path}" as "{path}".
    private static string WithoutConstraints(string route) =>
        Constraint().Replace(route, m => "{" + m.Groups["name"].Value + "}");

    [GeneratedRegex(@"\{\*?(?<name>[A-Za-z0-9_]+)(:[^}]*)?\??\}")]
    private static partial Regex Constraint();
}
