using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Reevaluation;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>
/// The nightly re-evaluation: the timer (schedule in the app setting <c>ReevaluationSchedule</c>, default
/// "0 0 2 * * *" = 02:00 UTC), the staff start endpoint, and the orchestration/activity wrappers.
/// </summary>
public static class ReevaluationFunctions
{
    [Function("ReevaluationTimer")]
    public static async Task ReevaluationTimer(
        [TimerTrigger("%" + ReevaluationStarter.ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.InstanceServices.GetRequiredService<ReevaluationStarter>().StartFromTimerAsync(client, context.CancellationToken);
    }

    [Function(nameof(ReevaluationRoutes.StartReevaluation))]
    public static Task<IActionResult> StartReevaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ReevaluationRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(ReevaluationRoutes.StartReevaluation, request, client);

    [Function(nameof(ReevaluationOrchestrator))]
    public static Task<ReevaluationSummary?> RunReevaluationOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ReevaluationOrchestrator().RunAsync(context, context.GetInput<ReevaluationInput>()!);
    }

    [Function(nameof(ReevaluationPageActivity))]
    public static Task<ReevaluationPageResult> RunReevaluationPageActivity([ActivityTrigger] ReevaluationPageInput input, string instanceId, FunctionContext context) =>
        Activity<ReevaluationPageActivity>(context).RunAsync(new FunctionActivityContext(nameof(ReevaluationPageActivity), instanceId), input);

    [Function(nameof(ReevaluationReportActivity))]
    public static Task<ReevaluationSummary> RunReevaluationReportActivity([ActivityTrigger] ReevaluationReportInput input, string instanceId, FunctionContext context) =>
        Activity<ReevaluationReportActivity>(context).RunAsync(new FunctionActivityContext(nameof(ReevaluationReportActivity), instanceId), input);

    private static T Activity<T>(FunctionContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);
    }
}
