using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.TierOverrides;

/// <summary>Registration of the tier override requests, API and console forms.</summary>
public static class OverridesServiceCollectionExtensions
{
    public static IServiceCollection AddOverrides(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<OverrideRequests>();
        services.TryAddSingleton<OverrideHandlers>();
        services.TryAddSingleton<OverridePageHandlers>();
        return services;
    }
}
