using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Migration;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Program-wide migration: the staff start endpoint and the orchestration/activity wrappers.</summary>
public static class MigrationFunctions
{
    [Function(nameof(MigrationRoutes.StartMigration))]
    public static Task<IActionResult> StartMigration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = MigrationRoutes.Start)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(MigrationRoutes.StartMigration, request, client);

    [Function(nameof(MigrationOrchestrator))]
    public static Task<MigrationSummary?> RunMigrationOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MigrationOrchestrator().RunAsync(context, context.GetInput<MigrationInput>()!);
    }

    [Function(nameof(MigrationPageActivity))]
    public static Task<MigrationPageResult> RunMigrationPageActivity([ActivityTrigger] MigrationPageInput input, string instanceId, FunctionContext context) =>
        Activity<MigrationPageActivity>(context).RunAsync(new FunctionActivityContext(nameof(MigrationPageActivity), instanceId), input);

    [Function(nameof(MigrationReminderPageActivity))]
    public static Task<MigrationReminderPageResult> RunMigrationReminderPageActivity([ActivityTrigger] MigrationReminderPageInput input, string instanceId, FunctionContext context) =>
        Activity<MigrationReminderPageActivity>(context).RunAsync(new FunctionActivityContext(nameof(MigrationReminderPageActivity), instanceId), input);

    [Function(nameof(MigrationReportActivity))]
    public static Task<MigrationReportResult> RunMigrationReportActivity([ActivityTrigger] MigrationReportInput input, string instanceId, FunctionContext context) =>
        Activity<MigrationReportActivity>(context).RunAsync(new FunctionActivityContext(nameof(MigrationReportActivity), instanceId), input);

    [Function(nameof(MigrationCompleteActivity))]
    public static Task<MigrationSummary> RunMigrationCompleteActivity([ActivityTrigger] MigrationCompleteInput input, string instanceId, FunctionContext context) =>
        Activity<MigrationCompleteActivity>(context).RunAsync(new FunctionActivityContext(nameof(MigrationCompleteActivity), instanceId), input);

    private static T Activity<T>(FunctionContext context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        return ActivatorUtilities.GetServiceOrCreateInstance<T>(context.InstanceServices);
    }
}
