using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>Registration of the distributor import staff API (the importer itself comes from storage).</summary>
public static class ImportsServiceCollectionExtensions
{
    public static IServiceCollection AddImportsApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ImportHandlers>();
        services.TryAddSingleton<ImportPageHandlers>();
        return services;
    }
}
