using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Audit;

/// <summary>Registration of the audit log's readers (the writer, <see cref="Common.AuditRecorder"/>, is shared).</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<AuditReader>();
        services.TryAddSingleton<AuditHandlers>();
        services.TryAddSingleton<AuditPageHandlers>();
        return services;
    }
}
