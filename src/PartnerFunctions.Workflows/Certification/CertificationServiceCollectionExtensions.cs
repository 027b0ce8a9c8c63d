using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>Registration of the certification workflow: its HTTP handlers and activities (built by DI in every host).</summary>
public static class CertificationServiceCollectionExtensions
{
    public static IServiceCollection AddCertification(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddApprovals();
        services.TryAddSingleton<ExclusiveStart>();
        services.TryAddSingleton<CertificationHandlers>();
        services.TryAddTransient<CheckCertificationEvidenceActivity>();
        services.TryAddTransient<RequestReferenceApprovalActivity>();
        services.TryAddTransient<ApplyReferenceDecisionActivity>();
        services.TryAddTransient<GrantCompetencyLevelActivity>();
        services.TryAddTransient<SendCertificationOutcomeActivity>();
        return services;
    }
}
