using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>Registration of the duplicate references list and its resolution.</summary>
public static class DuplicatesServiceCollectionExtensions
{
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<DuplicateReferences>();
        services.TryAddSingleton<DuplicateHandlers>();
        services.TryAddSingleton<DuplicatePageHandlers>();
        return services;
    }
}
