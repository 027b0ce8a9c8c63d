using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.ApiReference;
using PartnerFunctions.Workflows.Audit;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Duplicates;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Partners;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.SignIn;
using PartnerFunctions.Workflows.StaffConsole;
using PartnerFunctions.Workflows.TierEvaluation;
using PartnerFunctions.Workflows.TierOverrides;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.Workflows.Hosting;

/// <summary>The workflows' composition: one entry point for every host (Functions app, local host, tests).</summary>
public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Registers the workflow services (activities' dependencies, HTTP handlers) and validates
    /// <see cref="WorkflowOptions"/> at start-up. Storage and email adapters are registered by the host.
    /// </summary>
    public static IServiceCollection AddPartnerFunctionsWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WorkflowOptions>()
            .Bind(configuration.GetSection(WorkflowOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ProgramDefinitionCache>();
        services.TryAddSingleton<AuditRecorder>();
        services.AddTierEvaluation();
        services.AddAccess(configuration);
        services.AddNotifications(configuration);
        services.AddPartnersApi(configuration);
        services.AddDefinitionsApi();
        services.AddImportsApi();
        services.AddCertification();
        services.AddBatchRuns();
        services.AddReevaluation();
        services.AddWhatIf();
        services.AddMigration();
        services.AddPages();
        services.AddConsole();
        services.AddApiReference();
        services.AddAuditLog();
        services.AddOverrides();
        services.AddDuplicates();
        return services;
    }
}
