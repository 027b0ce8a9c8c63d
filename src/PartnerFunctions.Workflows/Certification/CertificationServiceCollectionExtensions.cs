using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// Registration of the certification workflow: its HTTP handlers and what they share. Its activities, like every
/// feature's, are not registered: the host builds them from the services (the local host's Durable worker, the
/// Functions wrappers' <c>DurableWrappers.Run</c>).
/// </summary>
public static class CertificationServiceCollectionExtensions
{
    public static IServiceCollection AddCertification(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddApprovals();
        services.TryAddSingleton<ExclusiveStart>();
        services.TryAddSingleton<CertificationStarter>();
        services.TryAddSingleton<CertificationHandlers>();
        services.TryAddSingleton<CertificationPageHandlers>();
        return services;
    }
}
