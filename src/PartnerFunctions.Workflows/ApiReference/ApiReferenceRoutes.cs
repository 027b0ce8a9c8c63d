using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.ApiReference;

/// <summary>The API reference pages (from the site root): the OpenAPI document this app serves, readable in a browser offline.</summary>
public static class ApiReferenceRoutes
{
    public const string Overview = "api-reference";
    public const string TagPage = "api-reference/{tag}";

    private const string Tag = "pages";

    public static readonly ApiRoute ShowApiReference = new(
        nameof(ShowApiReference), "GET", Overview, RouteAudience.PublicPage, Tag, "API reference: overview and operations by tag",
        call => call.Service<ApiReferenceHandlers>().OverviewAsync(call));

    public static readonly ApiRoute ShowApiReferenceTag = new(
        nameof(ShowApiReferenceTag), "GET", TagPage, RouteAudience.PublicPage, Tag, "API reference: the operations of one tag",
        call => call.Service<ApiReferenceHandlers>().TagAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ShowApiReference, ShowApiReferenceTag];

    /// <summary>Registers the reference pages' handlers.</summary>
    public static IServiceCollection AddApiReference(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ApiReferenceHandlers>();
        return services;
    }
}
