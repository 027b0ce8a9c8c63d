using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.Workflows.Runs;

public static class BatchRunsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the batch runs (nightly re-evaluation, what-if, migration) and the runs API: run records, report
    /// files, starters and handlers. Their activities are built by DI from these and the storage services.
    /// </summary>
    public static IServiceCollection AddBatchRuns(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunRecorder>();
        services.TryAddSingleton<RunReports>();
        services.TryAddSingleton<RunsHandlers>();
        services.TryAddSingleton<ReevaluationStarter>();
        services.TryAddSingleton<WhatIfCandidates>();
        services.TryAddSingleton<WhatIfStarter>();
        services.TryAddSingleton<MigrationStarter>();
        return services;
    }
}
