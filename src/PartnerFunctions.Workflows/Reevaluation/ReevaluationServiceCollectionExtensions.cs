using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Reevaluation;

public static class ReevaluationServiceCollectionExtensions
{
    /// <summary>Registers the nightly re-evaluation (its starter; its activities are built by DI) and the batch runs it runs on.</summary>
    public static IServiceCollection AddReevaluation(this IServiceCollection services) => services.AddBatchRun<ReevaluationStarter>();
}
