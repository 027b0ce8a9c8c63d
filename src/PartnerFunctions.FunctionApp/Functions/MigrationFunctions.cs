using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Migration;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Program-wide migration: the staff start endpoints, the console's report pages and the orchestration/activity wrappers.</summary>
public static class MigrationFunctions
{
    [Function(nameof(MigrationRoutes.StartMigration))]
    public static Task<IActionResult> StartMigration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + MigrationRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(MigrationRoutes.StartMigration, request, client);

    [Function(nameof(MigrationRoutes.StartMigrationFromConsole))]
    public static Task<IActionResult> StartMigrationFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = MigrationRoutes.StartPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(MigrationRoutes.StartMigrationFromConsole, request, client);

    [Function(nameof(MigrationRoutes.ShowLatestMigrationReport))]
    public static Task<IActionResult> ShowLatestMigrationReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = MigrationRoutes.ReportPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(MigrationRoutes.ShowLatestMigrationReport, request, client);

    [Function(nameof(MigrationRoutes.ShowMigrationReport))]
    public static Task<IActionResult> ShowMigrationReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = MigrationRoutes.ReportRunPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId) =>
        FunctionRoute.InvokeAsync(MigrationRoutes.ShowMigrationReport, request, client, ("instanceId", instanceId));

    [Function(nameof(MigrationOrchestrator))]
    public static Task<MigrationSummary?> RunMigrationOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) => DurableWrappers.Orchestrate<MigrationOrchestrator, MigrationInput, MigrationSummary?>(context);

    [Function(nameof(MigrationPageActivity))]
    public static Task<MigrationPageResult> RunMigrationPageActivity([ActivityTrigger] MigrationPageInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<MigrationPageActivity, MigrationPageInput, MigrationPageResult>(input, instanceId, context);

    [Function(nameof(MigrationReminderPageActivity))]
    public static Task<MigrationReminderPageResult> RunMigrationReminderPageActivity([ActivityTrigger] MigrationReminderPageInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<MigrationReminderPageActivity, MigrationReminderPageInput, MigrationReminderPageResult>(input, instanceId, context);

    [Function(nameof(MigrationReportActivity))]
    public static Task<MigrationReportResult> RunMigrationReportActivity([ActivityTrigger] MigrationReportInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<MigrationReportActivity, MigrationReportInput, MigrationReportResult>(input, instanceId, context);

    [Function(nameof(MigrationCompleteActivity))]
    public static Task<MigrationSummary> RunMigrationCompleteActivity([ActivityTrigger] MigrationCompleteInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<MigrationCompleteActivity, MigrationCompleteInput, MigrationSummary>(input, instanceId, context);
}
