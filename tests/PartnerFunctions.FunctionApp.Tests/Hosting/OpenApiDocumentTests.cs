using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

public sealed partial class OpenApiDocumentTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options"];

    [Fact]
    public void OpenApi_EveryHttpFunction_IsDocumentedWithItsNameAsOperationIdAndNothingElseIs()
    {
        var functions = FunctionCatalog.ApiFunctions(typeof(Program).Assembly)
            .SelectMany(f => f.Methods.Select(m => $"{m} /{WithoutConstraints(f.Route)} {f.Name}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        var documented = Operations(OpenApiDocument.Json).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(functions, documented);
    }

    [Fact]
    public void OpenApi_Operations_AreTheRouteTableWithItsTagSummaryAndAudience()
    {
        using var document = JsonDocument.Parse(OpenApiDocument.Json);
        var paths = document.RootElement.GetProperty("paths");
        var failures = new List<string>();
        foreach (var route in ApiRouteTable.Api)
        {
            if (!paths.TryGetProperty("/" + route.Template, out var path) || !path.TryGetProperty(route.Method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{route.Method} /{route.Template} ({route.Name}) is not documented");
                continue;
            }

            var audience = AudienceName(route.Audience);
            var responses = operation.GetProperty("responses");
            var open = operation.TryGetProperty("security", out var security) && security.GetArrayLength() == 0;
            var problems = new[]
            {
                Text(operation, "operationId") == route.Name ? null : "operationId",
                operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).SequenceEqual([route.Tag]) ? null : "tags",
                Text(operation, "summary") == route.Summary ? null : "summary",
                Text(operation, "x-audience") == audience ? null : "x-audience",
                open == route.Audience is RouteAudience.Anonymous or RouteAudience.ApprovalLinkToken ? null : "security",
                route.Audience is RouteAudience.PartnerOwn or RouteAudience.Staff && !responses.TryGetProperty("401", out _) ? "401" : null,
                route.Audience is RouteAudience.Staff && !responses.TryGetProperty("403", out _) ? "403" : null,
            };
            failures.AddRange(problems.OfType<string>().Select(p => $"{route.Method} /{route.Template} ({route.Name}): {p} differs from the route table"));
        }

        Assert.Empty(failures);
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

    private static string AudienceName(RouteAudience audience) => audience switch
    {
        RouteAudience.Anonymous => "anonymous",
        RouteAudience.ApprovalLinkToken => "approval-link-token",
        RouteAudience.PartnerOwn => "partner-own",
        RouteAudience.Staff => "staff",
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, null),
    };

    private static string? Text(JsonElement operation, string name) =>
        operation.TryGetProperty(name, out var value) ? value.GetString() : null;

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
