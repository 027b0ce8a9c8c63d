using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Access;
using PartnerFunctions.Infrastructure.Approvals;
using PartnerFunctions.Infrastructure.Audit;
using PartnerFunctions.Infrastructure.Definitions;
using PartnerFunctions.Infrastructure.Files;
using PartnerFunctions.Infrastructure.Importing;
using PartnerFunctions.Infrastructure.Notifications;
using PartnerFunctions.Infrastructure.Partners;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Infrastructure.WebSessions;
using PartnerFunctions.Infrastructure.WorkflowRuns;
using PartnerFunctions.Infrastructure.WorkflowStarts;

namespace PartnerFunctions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>
    /// Registers storage: options (validated at start-up), the service clients, every repository and blob store, the
    /// distributor importer and the <see cref="StorageInitializer"/>. The account comes from <c>AzureWebJobsStorage</c>
    /// (connection string) or <c>AzureWebJobsStorage__tableServiceUri</c>/<c>__blobServiceUri</c> (managed identity);
    /// the rest from the <c>Storage</c> section.
    /// </summary>
    public static IServiceCollection AddPartnerFunctionsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<StorageOptions>>(new StorageOptionsSetup(configuration));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<StorageClients>();
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton<PartnerSearchIndexWriter>();
        services.TryAddSingleton<IPartnerRepository, TablePartnerRepository>();
        services.TryAddSingleton<IPartnerSearchIndex, TablePartnerSearchIndex>();
        services.TryAddSingleton<IProgramDefinitionFileStore, BlobProgramDefinitionFileStore>();
        services.TryAddSingleton<IProgramDefinitionRepository, TableProgramDefinitionRepository>();
        services.TryAddSingleton<INotificationOutbox, TableNotificationOutbox>();
        services.TryAddSingleton<INotificationHistory, TableNotificationOutbox>();
        services.TryAddSingleton<IApprovalRepository, TableApprovalRepository>();
        services.TryAddSingleton<IWorkflowRunRepository, TableWorkflowRunRepository>();
        services.TryAddSingleton<IWorkflowStartClaims, TableWorkflowStartClaims>();
        services.TryAddSingleton<IImportRecordRepository, TableImportRecordRepository>();
        services.TryAddSingleton<IEvidenceDocumentStore, BlobEvidenceDocumentStore>();
        services.TryAddSingleton<IReportStore, BlobReportStore>();
        services.TryAddSingleton<IDistributorImporter, DistributorImporter>();
        services.TryAddSingleton<IPartnerCredentialRepository, TablePartnerCredentialRepository>();
        services.TryAddSingleton<IWebSessionRepository, TableWebSessionRepository>();
        services.TryAddSingleton<ISignInLinkRepository, TableSignInLinkRepository>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        return services;
    }
}
