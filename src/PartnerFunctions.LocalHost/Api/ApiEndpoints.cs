using Microsoft.DurableTask.Client;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.LocalHost.Api;

/// <summary>
/// The Functions app's HTTP API under /api and its pages from the site root: every entry of <see cref="ApiRouteTable"/> mapped in one loop, with its
/// method, template and operation name (= the Functions function name), dispatched through the same
/// <see cref="ApiDispatcher"/> as the Functions wrappers.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>The route prefix of the Functions host.</summary>
    public const string Prefix = "/api";

    /// <summary>Maps every API route under <see cref="Prefix"/> and every page from the site root (as the Functions host's empty route prefix does).</summary>
    public static IEndpointRouteBuilder MapPartnerFunctionsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix);
        foreach (var route in ApiRouteTable.All)
        {
            // A Func, not a RequestDelegate: minimal APIs then write the returned IResult.
            Func<HttpContext, Task<IResult>> handler = context => DispatchAsync(route, context);
            (route.IsPage ? endpoints : api).MapMethods(route.Template, [route.Method], handler).WithName(route.Name);
        }

        return endpoints;
    }

    // Route values come from ASP.NET Core routing here, passed explicitly like the Functions wrappers pass theirs.
    private static Task<IResult> DispatchAsync(ApiRoute route, HttpContext context)
    {
        var values = new Dictionary<string, string>(route.Parameters.Count, StringComparer.Ordinal);
        foreach (var name in route.Parameters)
        {
            values[name] = context.Request.RouteValues[name]?.ToString() ?? string.Empty;
        }

        return ApiDispatcher.DispatchAsync(route, context.Request, values, context.RequestServices.GetService<DurableTaskClient>());
    }
}
