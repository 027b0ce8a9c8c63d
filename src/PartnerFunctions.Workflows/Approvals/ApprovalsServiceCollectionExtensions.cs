using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>Registration of approval requests: issuing (tokens, emails), downgrade requests and the staff decision endpoint.</summary>
public static class ApprovalsServiceCollectionExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApiAccess, OpenApiAccess>();
        services.TryAddSingleton<ApprovalIssuer>();
        services.TryAddSingleton<IDowngradeApprovalRequester, DowngradeApprovalRequester>();
        services.TryAddSingleton<StaffApprovalHandlers>();
        return services;
    }
}
