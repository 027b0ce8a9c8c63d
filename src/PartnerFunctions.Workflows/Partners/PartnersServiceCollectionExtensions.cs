using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>Registration of the partner-facing API.</summary>
public static class PartnersServiceCollectionExtensions
{
    /// <summary>Registers the partner handlers and the upload limits.</summary>
    public static IServiceCollection AddPartnersApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EvidenceUploadOptions>()
            .Bind(configuration.GetSection(EvidenceUploadOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<PartnerHandlers>();
        services.TryAddSingleton<PartnerPageHandlers>();
        services.TryAddSingleton<PartnerSearchHandlers>();
        services.TryAddSingleton<PartnerDetailHandlers>();
        services.TryAddSingleton<ReferenceDocumentHandlers>();
        services.TryAddSingleton<PartnerEvidenceHandlers>();
        services.TryAddSingleton<PartnerEvidenceWriter>();
        services.TryAddSingleton<PartnerEvidencePageHandlers>();
        return services;
    }
}
