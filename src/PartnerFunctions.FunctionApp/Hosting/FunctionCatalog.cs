using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>How a function is triggered.</summary>
public enum FunctionTriggerKind
{
    Http,
    Timer,
    Orchestration,
    Activity,
    Other,
}

/// <summary>A [Function] method of the app.</summary>
public sealed record FunctionInfo(string Name, FunctionTriggerKind Trigger, MethodInfo Method);

/// <summary>An HTTP-triggered function: its trigger's route and methods (upper case).</summary>
/// <param name="Path">The trigger's route from the site root (host.json's route prefix is empty): "api/…" for the API.</param>
/// <param name="Route">The route as the route table writes it: <paramref name="Path"/> without "api/" for the API, the page's path for pages.</param>
public sealed record HttpFunctionInfo(string Name, string Path, string Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel, MethodInfo Method)
{
    /// <summary>True for an API operation (under /api), false for a page.</summary>
    public bool IsApi => Path.StartsWith(ApiRoute.Prefix, StringComparison.Ordinal);
}

/// <summary>
/// The functions an assembly declares, read from their attributes (what the Functions SDK writes into
/// functions.metadata). Tests compare it with openapi.json and the published metadata; the local host can map the
/// same routes from it.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>Every [Function] method, by name.</summary>
    public static IReadOnlyList<FunctionInfo> Functions(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FunctionMethods(assembly)
            .Select(m => new FunctionInfo(m.GetCustomAttribute<FunctionAttribute>()!.Name, TriggerOf(m), m))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every HTTP-triggered function with its route and methods, by name.</summary>
    public static IReadOnlyList<HttpFunctionInfo> HttpFunctions(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var result = new List<HttpFunctionInfo>();
        foreach (var method in FunctionMethods(assembly))
        {
            var trigger = method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                .OfType<HttpTriggerAttribute>()
                .FirstOrDefault();
            if (trigger is null)
            {
                continue;
            }

            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var methods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal).ToArray();
            var path = trigger.Route ?? name;
            var route = path.StartsWith(ApiRoute.Prefix, StringComparison.Ordinal) ? path[ApiRoute.Prefix.Length..] : path;
            result.Add(new HttpFunctionInfo(name, path, route, methods, trigger.AuthLevel, method));
        }

        return result.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The HTTP functions of the API (under /api), without the pages.</summary>
    public static IReadOnlyList<HttpFunctionInfo> ApiFunctions(Assembly assembly) => HttpFunctions(assembly).Where(f => f.IsApi).ToArray();

    private static IEnumerable<MethodInfo> FunctionMethods(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    private static FunctionTriggerKind TriggerOf(MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is not null)
            {
                return FunctionTriggerKind.Http;
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is not null)
            {
                return FunctionTriggerKind.Timer;
            }

            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
            {
                return FunctionTriggerKind.Orchestration;
            }

            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                return FunctionTriggerKind.Activity;
            }
        }

        return FunctionTriggerKind.Other;
    }
}
