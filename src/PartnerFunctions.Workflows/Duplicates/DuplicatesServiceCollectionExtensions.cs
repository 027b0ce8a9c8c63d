using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>Registration of the duplicates lists (references, people) and their resolution.</summary>
public static class DuplicatesServiceCollectionExtensions
{
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<LatestDuplicates>();
        services.TryAddSingleton<DuplicateReferences>();
        services.TryAddSingleton<DuplicatePeople>();
        services.TryAddSingleton<DuplicateHandlers>();
        services.TryAddSingleton<DuplicatePageHandlers>();
        return services;
    }
}
