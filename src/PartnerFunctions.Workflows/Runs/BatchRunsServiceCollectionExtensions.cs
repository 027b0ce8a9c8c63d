using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerFunctions.Workflows.Runs;

public static class BatchRunsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what every batch run (nightly re-evaluation, what-if, migration) shares and the runs API: run records,
    /// report files, the start path and the handlers. Each batch feature registers itself with its own <c>Add…</c>.
    /// </summary>
    public static IServiceCollection AddBatchRuns(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<RunRecorder>();
        services.TryAddSingleton<RunReports>();
        services.TryAddSingleton<RunsHandlers>();
        services.TryAddSingleton<RunPageHandlers>();
        services.TryAddSingleton<BatchRunStarts>();
        return services;
    }

    /// <summary>Registers a batch feature's starter on the batch runs (its activities are built by DI).</summary>
    public static IServiceCollection AddBatchRun<TStarter>(this IServiceCollection services)
        where TStarter : class
    {
        services.AddBatchRuns().TryAddSingleton<TStarter>();
        return services;
    }
}
