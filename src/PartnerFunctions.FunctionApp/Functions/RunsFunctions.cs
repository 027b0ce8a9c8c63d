using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff runs API (batch run records, live progress, reports) and the activities shared by the batch runs.</summary>
public static class RunsFunctions
{
    [Function(nameof(RunsRoutes.ListRuns))]
    public static Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + RunsRoutes.List)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(RunsRoutes.ListRuns, request, null);

    [Function(nameof(RunsRoutes.GetRun))]
    public static Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + RunsRoutes.Run)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string kind,
        string instanceId) =>
        FunctionRoute.InvokeAsync(RunsRoutes.GetRun, request, client, ("kind", kind), ("instanceId", instanceId));

    [Function(nameof(RunsRoutes.GetRunReport))]
    public static Task<IActionResult> GetRunReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + RunsRoutes.Report)] HttpRequest request,
        string kind,
        string instanceId,
        string fileName) =>
        FunctionRoute.InvokeAsync(RunsRoutes.GetRunReport, request, null, ("kind", kind), ("instanceId", instanceId), ("fileName", fileName));

    [Function(nameof(RunsRoutes.ShowRuns))]
    public static Task<IActionResult> ShowRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.ListPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(RunsRoutes.ShowRuns, request, null);

    [Function(nameof(RunsRoutes.ShowRun))]
    public static Task<IActionResult> ShowRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.RunPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string kind,
        string instanceId) =>
        FunctionRoute.InvokeAsync(RunsRoutes.ShowRun, request, client, ("kind", kind), ("instanceId", instanceId));

    [Function(nameof(RunsRoutes.DownloadRunReport))]
    public static Task<IActionResult> DownloadRunReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsRoutes.ReportPage)] HttpRequest request,
        string kind,
        string instanceId,
        string fileName) =>
        FunctionRoute.InvokeAsync(RunsRoutes.DownloadRunReport, request, null, ("kind", kind), ("instanceId", instanceId), ("fileName", fileName));

    [Function(nameof(BeginRunActivity))]
    public static Task<BeginRunResult> RunBeginRunActivity([ActivityTrigger] BeginRunInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<BeginRunActivity, BeginRunInput, BeginRunResult>(input, instanceId, context);

    [Function(nameof(CountPartnersActivity))]
    public static Task<CountPartnersResult> RunCountPartnersActivity([ActivityTrigger] CountPartnersInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<CountPartnersActivity, CountPartnersInput, CountPartnersResult>(input, instanceId, context);

    [Function(nameof(FailRunActivity))]
    public static Task<bool> RunFailRunActivity([ActivityTrigger] FailRunInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<FailRunActivity, FailRunInput, bool>(input, instanceId, context);
}
