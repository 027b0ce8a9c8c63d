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
    [Function("ListRuns")]
    public static async Task<IActionResult> ListRuns(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsHandlers.Routes.List)] HttpRequest request) =>
        new HttpResultActionResult(await Handlers(request).ListAsync(request, request.HttpContext.RequestAborted));

    [Function("GetRun")]
    public static async Task<IActionResult> GetRun(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsHandlers.Routes.Run)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string kind,
        string instanceId) =>
        new HttpResultActionResult(await Handlers(request).GetAsync(request, kind, instanceId, client, request.HttpContext.RequestAborted));

    [Function("GetRunReport")]
    public static async Task<IActionResult> GetRunReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RunsHandlers.Routes.Report)] HttpRequest request,
        string kind,
        string instanceId,
        string fileName) =>
        new HttpResultActionResult(await Handlers(request).GetReportAsync(request, kind, instanceId, fileName, request.HttpContext.RequestAborted));

    [Function(nameof(BeginRunActivity))]
    public static Task<BeginRunResult> RunBeginRunActivity([ActivityTrigger] BeginRunInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<BeginRunActivity, BeginRunInput, BeginRunResult>(input, instanceId, context);

    [Function(nameof(CountPartnersActivity))]
    public static Task<CountPartnersResult> RunCountPartnersActivity([ActivityTrigger] CountPartnersInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<CountPartnersActivity, CountPartnersInput, CountPartnersResult>(input, instanceId, context);

    [Function(nameof(FailRunActivity))]
    public static Task<bool> RunFailRunActivity([ActivityTrigger] FailRunInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<FailRunActivity, FailRunInput, bool>(input, instanceId, context);

    private static RunsHandlers Handlers(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<RunsHandlers>();
}
