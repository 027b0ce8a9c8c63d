using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>
/// The nightly re-evaluation: the timer (schedule in the app setting <c>ReevaluationSchedule</c>, default
/// "0 0 2 * * *" = 02:00 UTC), the staff start endpoint, and the orchestration/activity wrappers.
/// </summary>
public static class ReevaluationFunctions
{
    [Function("ReevaluationTimer")]
    public static Task ReevaluationTimer(
        [TimerTrigger("%" + ReevaluationStarter.ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        DurableWrappers.Service<ReevaluationStarter>(context).StartFromTimerAsync(client, context.CancellationToken);

    [Function(nameof(ReevaluationRoutes.StartReevaluation))]
    public static Task<IActionResult> StartReevaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ReevaluationRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(ReevaluationRoutes.StartReevaluation, request, client);

    [Function(nameof(ReevaluationRoutes.StartReevaluationFromConsole))]
    public static Task<IActionResult> StartReevaluationFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReevaluationRoutes.StartPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(ReevaluationRoutes.StartReevaluationFromConsole, request, client);

    [Function(nameof(ReevaluationOrchestrator))]
    public static Task<ReevaluationSummary?> RunReevaluationOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) => DurableWrappers.Orchestrate<ReevaluationOrchestrator, ReevaluationInput, ReevaluationSummary?>(context);

    [Function(nameof(ReevaluationPageActivity))]
    public static Task<BatchPageResult<ReevaluationCounts>> RunReevaluationPageActivity([ActivityTrigger] BatchPageInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<ReevaluationPageActivity, BatchPageInput, BatchPageResult<ReevaluationCounts>>(input, instanceId, context);

    [Function(nameof(ReevaluationReportActivity))]
    public static Task<ReevaluationSummary> RunReevaluationReportActivity([ActivityTrigger] BatchReportInput<ReevaluationCounts> input, string instanceId, FunctionContext context) => DurableWrappers.Run<ReevaluationReportActivity, BatchReportInput<ReevaluationCounts>, ReevaluationSummary>(input, instanceId, context);
}
