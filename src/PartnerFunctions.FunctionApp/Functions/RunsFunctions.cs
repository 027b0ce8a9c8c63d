using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff runs API (batch run records, live progress, reports) and the activities shared by the batch runs.</summary>
public static class RunsFunctions
{
    [Function(nameof(RunsRoutes.ListRuns))]
    public static Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.List)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(RunsRoutes.ListRuns, request, null);

    [Function(nameof(RunsRoutes.GetRun))]
    public static Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.Run)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string kind,
        string instanceId) =>
        FunctionRoute.InvokeAsync(RunsRoutes.GetRun, request, client, ("kind", kind), ("instanceId", instanceId));

    [Function(nameof(RunsRoutes.GetRunReport))]
    public static Task<IActionResult> GetRunReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.Report)] HttpRequest request,
        string kind,
        string instanceId,
        string fileName) =>
        FunctionRoute.InvokeAsync(RunsRoutes.GetRunReport, request, null, ("kind", kind), ("instanceId", instanceId), ("fileName", fileName));

    [Function(nameof(BeginRunActivity))]
    public static Task<BeginRunResult> RunBeginRunActivity([ActivityTrigger] BeginRunInput input, string instanceId, FunctionContext context) =>
        Activity<BeginRunActivity>(context).RunAsync(new FunctionActivityContext(nameof(BeginRunActivity), instanceId), input);

    [Function(nameof(CountPartnersActivity))]
    public static Task<CountPartnersResult> RunCountPartnersActivity([ActivityTrigger] CountPartnersInput input, string instanceId, FunctionContext context) =>
        Activity<CountPartnersActivity>(context).RunAsync(new FunctionActivityContext(nameof(CountPartnersActivity), instanceId), input);

    [Function(nameof(FailRunActivity))]
    public static Task<bool> RunFailRunActivity([ActivityTrigger] FailRunInput input, string instanceId, FunctionContext context) =>
        Activity<FailRunActivity>(context).RunAsync(new FunctionActivityContext(nameof(FailRunActivity), instanceId), input);

    private static T Activity<T>(FunctionContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);
    }
}
