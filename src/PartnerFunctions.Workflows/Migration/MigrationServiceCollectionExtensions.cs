using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

public static class MigrationServiceCollectionExtensions
{
    /// <summary>Registers the program-wide migration (its starter and report pages; its activities are built by DI) and the batch runs it runs on.</summary>
    public static IServiceCollection AddMigration(this IServiceCollection services)
    {
        services.TryAddSingleton<MigrationReports>();
        services.TryAddSingleton<MigrationReportHandlers>();
        return services.AddBatchRun<MigrationStarter>();
    }
}
