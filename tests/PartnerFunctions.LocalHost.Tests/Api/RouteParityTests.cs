using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.LocalHost.Api;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Workflows.Hosting;

namespace PartnerFunctions.LocalHost.Tests.Api;

/// <summary>
/// The local host serves exactly the Functions app's HTTP API: every HTTP-triggered function's route and methods under
/// /api, and nothing under /api that the Functions app lacks; and the local endpoints are the route table's entries.
/// </summary>
public sealed class RouteParityTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public void LocalHost_EveryFunctionsHttpRoute_IsServedWithTheSameMethods()
    {
        var local = LocalApiRoutes();
        var missing = FunctionRoutes()
            .Where(route => !local.Contains(route))
            .Select(r => $"{r.Method} {r.Route}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(missing);
    }

    [Fact]
    public void LocalHost_ApiRoutes_AreAllFunctionsRoutes()
    {
        var functions = FunctionRoutes();
        var extra = LocalApiRoutes()
            .Where(route => !functions.Contains(route))
            .Select(r => $"{r.Method} {r.Route}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Empty(extra);
    }

    [Fact]
    public void LocalHost_ApiEndpoints_AreTheRouteTableByNameMethodAndTemplate()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/')).StartsWith(ApiEndpoints.Prefix + "/", StringComparison.Ordinal))
            .Select(e => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName} {string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"])} {e.RoutePattern.RawText!.TrimStart('/')}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        var table = ApiRouteTable.Api
            .Select(r => $"{r.Name} {r.Method} {ApiEndpoints.Prefix.TrimStart('/')}/{r.Template}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(table, endpoints);
    }

    [Fact]
    public void LocalHost_Pages_AreTheRouteTablesPagesFromTheSiteRootAsInTheFunctionsApp()
    {
        var pages = ApiRouteTable.Pages.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is { } name && pages.Contains(name))
            .Select(e => $"{e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName} {string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)} {e.RoutePattern.RawText!.TrimStart('/')}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        var functions = FunctionCatalog.HttpFunctions(typeof(Program).Assembly)
            .Where(f => !f.IsApi)
            .Select(f => $"{f.Name} {string.Join(",", f.Methods)} {f.Path}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(pages);
        Assert.Equal(functions, endpoints);
    }

    [Fact]
    public void FunctionCatalog_HttpFunctions_AreFound()
    {
        // Guards the two tests above against comparing two empty sets.
        Assert.True(FunctionRoutes().Count > 20);
        Assert.Contains(("POST", "partners/{partnerid}/certifications/{competencyid}"), FunctionRoutes());
    }

    private static HashSet<(string Method, string Route)> FunctionRoutes() =>
        FunctionCatalog.ApiFunctions(typeof(Program).Assembly)
            .SelectMany(f => f.Methods.Select(m => (m.ToUpperInvariant(), Normalize(f.Route))))
            .ToHashSet();

    private HashSet<(string Method, string Route)> LocalApiRoutes()
    {
        var endpoints = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new HashSet<(string, string)>();
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["(any)"];
            foreach (var method in methods)
            {
                routes.Add((method.ToUpperInvariant(), Normalize(pattern["/api/".Length..])));
            }
        }

        return routes;
    }

    // Route templates compare without the leading slash, case-insensitively (as both hosts route).
    private static string Normalize(string route) => route.Trim('/').ToLowerInvariant();
}
