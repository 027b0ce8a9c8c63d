using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.SignIn;

/// <summary>Registration of the pages' shared services (sessions, rendering) and the sign-in pages.</summary>
public static class SignInServiceCollectionExtensions
{
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<PageSessions>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<ApiRateLimits>();
        services.TryAddSingleton<SignInHandlers>();
        services.TryAddSingleton<SignInLinkHandlers>();
        return services;
    }
}
