using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Approvals;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>
/// Answers to approval requests: the staff endpoint (<see cref="StaffApprovalHandlers"/>) and the email link's page
/// (<see cref="ApprovalLinkHandlers"/>: GET and HEAD show it, POST answers; one function per method so each has its
/// own operation in the OpenAPI document). All thin wrappers.
/// </summary>
public static class ApprovalsFunctions
{
    [Function("DecideApproval")]
    public static async Task<IActionResult> DecideApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = StaffApprovalHandlers.Routes.Decision)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        new HttpResultActionResult(await request.HttpContext.RequestServices.GetRequiredService<StaffApprovalHandlers>()
            .DecideAsync(request, approvalId, client, request.HttpContext.RequestAborted));

    [Function("ShowApprovalLink")]
    public static async Task<IActionResult> ShowApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApprovalLinkHandlers.Routes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        new HttpResultActionResult(await LinkHandlers(request).ShowAsync(request, approvalId, client, request.HttpContext.RequestAborted));

    [Function("CheckApprovalLink")]
    public static async Task<IActionResult> CheckApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "head", Route = ApprovalLinkHandlers.Routes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        new HttpResultActionResult(await LinkHandlers(request).ShowAsync(request, approvalId, client, request.HttpContext.RequestAborted));

    [Function("AnswerApprovalLink")]
    public static async Task<IActionResult> AnswerApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApprovalLinkHandlers.Routes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        new HttpResultActionResult(await LinkHandlers(request).AnswerAsync(request, approvalId, client, request.HttpContext.RequestAborted));

    private static ApprovalLinkHandlers LinkHandlers(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ApprovalLinkHandlers>();
}
