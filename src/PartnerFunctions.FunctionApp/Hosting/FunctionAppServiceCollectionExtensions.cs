using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Email;
using PartnerFunctions.Workflows.Hosting;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>The Functions app's composition root (kept out of Program.cs so tests build the same container).</summary>
public static class FunctionAppServiceCollectionExtensions
{
    /// <summary>The App Service / Functions setting that carries the Application Insights connection string.</summary>
    public const string ApplicationInsightsConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Registers storage (created at start-up), workflows, email and telemetry from configuration.</summary>
    public static IServiceCollection AddPartnerFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPartnerFunctionsStorage(configuration);
        services.AddHostedService<StorageStartup>();
        services.AddPartnerFunctionsEmail(configuration);
        services.AddPartnerFunctionsWorkflows(configuration);
        services.AddPartnerFunctionsTelemetry(configuration);
        return services;
    }

    /// <summary>
    /// OpenTelemetry with the Functions worker's defaults; exported to Azure Monitor only when a connection string is
    /// set (locally and in tests nothing is exported), with the managed identity that
    /// <see cref="ApplicationInsightsAuthentication.Setting"/> names (Application Insights has local auth off).
    /// </summary>
    public static IServiceCollection AddPartnerFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ApplicationInsightsConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        var credential = ApplicationInsightsAuthentication.Credential(configuration[ApplicationInsightsAuthentication.Setting]);
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            });
        return services;
    }
}
