using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>What-if simulation: the staff start endpoint and the orchestration/activity wrappers.</summary>
public static class WhatIfFunctions
{
    [Function(nameof(WhatIfRoutes.StartWhatIf))]
    public static Task<IActionResult> StartWhatIf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WhatIfRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.StartWhatIf, request, client);

    [Function(nameof(WhatIfOrchestrator))]
    public static Task<WhatIfSummary?> RunWhatIfOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new WhatIfOrchestrator().RunAsync(context, context.GetInput<WhatIfInput>()!);
    }

    [Function(nameof(WhatIfPageActivity))]
    public static Task<WhatIfPageResult> RunWhatIfPageActivity([ActivityTrigger] WhatIfPageInput input, string instanceId, FunctionContext context) =>
        Activity<WhatIfPageActivity>(context).RunAsync(new FunctionActivityContext(nameof(WhatIfPageActivity), instanceId), input);

    [Function(nameof(WhatIfReportActivity))]
    public static Task<WhatIfSummary> RunWhatIfReportActivity([ActivityTrigger] WhatIfReportInput input, string instanceId, FunctionContext context) =>
        Activity<WhatIfReportActivity>(context).RunAsync(new FunctionActivityContext(nameof(WhatIfReportActivity), instanceId), input);

    private static T Activity<T>(FunctionContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);
    }
}
