using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Access;

/// <summary>Registration of API access control and rate limits.</summary>
public static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the enforcing <see cref="IApiAccess"/> (<see cref="CredentialApiAccess"/>: every call needs a
    /// credential), its options (section "Access"), the credential handlers and the rate limits (section "RateLimits").
    /// It is the only production implementation (tests replace it with their own). The credential store
    /// (<c>IPartnerCredentialRepository</c>) comes from the storage registration.
    /// </summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AccessOptions>()
            .Bind(configuration.GetSection(AccessOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessOptions>>(new AccessOptionsValidator(configuration)));
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<ApiRateLimits>();
        services.TryAddSingleton<CredentialApiAccess>();
        services.AddSingleton<IApiAccess>(provider => provider.GetRequiredService<CredentialApiAccess>());
        services.TryAddSingleton<PartnerCredentials>();
        services.TryAddSingleton<AccessHandlers>();
        return services;
    }
}
