using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>Registration of the program definition staff API.</summary>
public static class DefinitionsServiceCollectionExtensions
{
    public static IServiceCollection AddDefinitionsApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<DefinitionVersions>();
        services.TryAddSingleton<DefinitionHandlers>();
        services.TryAddSingleton<DefinitionPageHandlers>();
        return services;
    }
}
