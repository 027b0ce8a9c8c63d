using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Approvals;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Staff answers to approval requests: a thin wrapper over <see cref="StaffApprovalHandlers"/>.</summary>
public static class ApprovalsFunctions
{
    [Function("DecideApproval")]
    public static async Task<IActionResult> DecideApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffApprovalHandlers.Routes.Decision)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        new HttpResultActionResult(await request.HttpContext.RequestServices.GetRequiredService<StaffApprovalHandlers>()
            .DecideAsync(request, approvalId, client, request.HttpContext.RequestAborted));
}
