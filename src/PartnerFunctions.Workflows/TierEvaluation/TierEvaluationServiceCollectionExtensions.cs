using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>Registration of tier evaluation: the per-partner evaluation and the staff answer to a pending downgrade.</summary>
public static class TierEvaluationServiceCollectionExtensions
{
    public static IServiceCollection AddTierEvaluation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PartnerTierService>();
        services.TryAddSingleton<StaffTierWrite>();
        services.TryAddSingleton<StaffDowngradeDecision>();
        services.TryAddSingleton<StaffTierOverride>();
        return services;
    }
}
