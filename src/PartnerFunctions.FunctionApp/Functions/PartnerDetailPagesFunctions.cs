using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The console's partner page, its credential forms and its documents (<see cref="PartnerRoutes"/>). Thin wrappers.</summary>
public static class PartnerDetailPagesFunctions
{
    [Function(nameof(PartnerRoutes.ShowPartnerDetail))]
    public static Task<IActionResult> ShowPartnerDetail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.DetailPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowPartnerDetail, request, client, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.IssuePartnerCredentialPage))]
    public static Task<IActionResult> IssuePartnerCredentialPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.CredentialsPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.IssuePartnerCredentialPage, request, client, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.RevokePartnerCredentialPage))]
    public static Task<IActionResult> RevokePartnerCredentialPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.RevokeCredentialPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId,
        string credentialId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.RevokePartnerCredentialPage, request, client, ("partnerId", partnerId), ("credentialId", credentialId));

    [Function(nameof(PartnerRoutes.ShowReferenceDocument))]
    public static Task<IActionResult> ShowReferenceDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.DocumentPage)] HttpRequest request,
        string partnerId,
        string referenceId,
        string documentId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowReferenceDocument, request, null, ("partnerId", partnerId), ("referenceId", referenceId), ("documentId", documentId));
}
