using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>What-if simulation: the staff start endpoint and the orchestration/activity wrappers.</summary>
public static class WhatIfFunctions
{
    [Function(nameof(WhatIfRoutes.StartWhatIf))]
    public static Task<IActionResult> StartWhatIf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + WhatIfRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.StartWhatIf, request, client);

    [Function(nameof(WhatIfOrchestrator))]
    public static Task<WhatIfSummary?> RunWhatIfOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) => DurableWrappers.Orchestrate<WhatIfOrchestrator, WhatIfInput, WhatIfSummary?>(context);

    [Function(nameof(WhatIfPageActivity))]
    public static Task<BatchPageResult<WhatIfTally>> RunWhatIfPageActivity([ActivityTrigger] BatchPageInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<WhatIfPageActivity, BatchPageInput, BatchPageResult<WhatIfTally>>(input, instanceId, context);

    [Function(nameof(WhatIfReportActivity))]
    public static Task<WhatIfSummary> RunWhatIfReportActivity([ActivityTrigger] BatchReportInput<WhatIfTally> input, string instanceId, FunctionContext context) => DurableWrappers.Run<WhatIfReportActivity, BatchReportInput<WhatIfTally>, WhatIfSummary>(input, instanceId, context);
}
