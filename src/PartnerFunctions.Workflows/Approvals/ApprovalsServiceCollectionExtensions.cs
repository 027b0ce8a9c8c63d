using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.TierEvaluation;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>Registration of approval requests: issuing (tokens, emails), downgrade requests, the shared decision path, the staff decision endpoint and the approval link's pages.</summary>
public static class ApprovalsServiceCollectionExtensions
{
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ApprovalIssuer>();
        services.TryAddSingleton<IDowngradeApprovalRequester, DowngradeApprovalRequester>();
        services.TryAddSingleton<OverrideApprovalRequester>();
        services.TryAddSingleton<ApprovalDecider>();
        services.TryAddSingleton<ApprovalDocuments>();
        services.TryAddSingleton<StaffApprovalHandlers>();

        // The link's POST is rate limited; the limiter is shared with other endpoints (registered once, whoever comes first).
        services.TryAddSingleton<ApiRateLimits>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<ApprovalLinkPages>();
        services.TryAddSingleton<ApprovalLinkHandlers>();
        services.TryAddSingleton<ApprovalQueueHandlers>();
        return services;
    }
}
