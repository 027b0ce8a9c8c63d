using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>
/// Answers to approval requests: the staff endpoint (<see cref="StaffApprovalHandlers"/>) and the email link's page
/// (<see cref="ApprovalLinkHandlers"/>: GET and HEAD show it, POST answers; one function per method so each has its
/// own operation in the OpenAPI document), and the console's approvals pages. All thin wrappers.
/// </summary>
public static class ApprovalsFunctions
{
    [Function(nameof(ApprovalRoutes.DecideApproval))]
    public static Task<IActionResult> DecideApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ApprovalRoutes.Decision)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.DecideApproval, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.ShowApprovalLink))]
    public static Task<IActionResult> ShowApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + ApprovalRoutes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.ShowApprovalLink, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.CheckApprovalLink))]
    public static Task<IActionResult> CheckApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "head", Route = ApiRoute.Prefix + ApprovalRoutes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.CheckApprovalLink, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.AnswerApprovalLink))]
    public static Task<IActionResult> AnswerApprovalLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ApprovalRoutes.Link)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.AnswerApprovalLink, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.OpenApprovalLinkDocument))]
    public static Task<IActionResult> OpenApprovalLinkDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + ApprovalRoutes.LinkDocuments)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.OpenApprovalLinkDocument, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.ShowApprovalQueue))]
    public static Task<IActionResult> ShowApprovalQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApprovalRoutes.QueuePage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.ShowApprovalQueue, request, null);

    [Function(nameof(ApprovalRoutes.ShowApprovalRequest))]
    public static Task<IActionResult> ShowApprovalRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApprovalRoutes.RequestPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.ShowApprovalRequest, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.AnswerApprovalRequest))]
    public static Task<IActionResult> AnswerApprovalRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApprovalRoutes.RequestPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string approvalId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.AnswerApprovalRequest, request, client, ("approvalId", approvalId));

    [Function(nameof(ApprovalRoutes.ShowApprovalDocument))]
    public static Task<IActionResult> ShowApprovalDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApprovalRoutes.DocumentPage)] HttpRequest request,
        string approvalId,
        string documentId) =>
        FunctionRoute.InvokeAsync(ApprovalRoutes.ShowApprovalDocument, request, null, ("approvalId", approvalId), ("documentId", documentId));
}
