using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

public static class WhatIfServiceCollectionExtensions
{
    /// <summary>Registers the what-if simulation (its starter and the candidate store it reads) and the batch runs it runs on.</summary>
    public static IServiceCollection AddWhatIf(this IServiceCollection services)
    {
        services.AddBatchRun<WhatIfStarter>().TryAddSingleton<WhatIfCandidates>();
        services.TryAddSingleton<WhatIfPageHandlers>();
        return services;
    }
}
