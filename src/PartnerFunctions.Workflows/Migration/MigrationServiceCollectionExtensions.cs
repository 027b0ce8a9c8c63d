using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

public static class MigrationServiceCollectionExtensions
{
    /// <summary>Registers the program-wide migration (its starter; its activities are built by DI) and the batch runs it runs on.</summary>
    public static IServiceCollection AddMigration(this IServiceCollection services) => services.AddBatchRun<MigrationStarter>();
}
