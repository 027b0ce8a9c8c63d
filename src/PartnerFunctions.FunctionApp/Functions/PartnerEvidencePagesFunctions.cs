using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The partner's evidence page and its forms (<see cref="PartnerRoutes"/>). Thin wrappers.</summary>
public static class PartnerEvidencePagesFunctions
{
    [Function(nameof(PartnerRoutes.ShowPartnerEvidence))]
    public static Task<IActionResult> ShowPartnerEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.EvidencePage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowPartnerEvidence, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.SavePartnerPersonPage))]
    public static Task<IActionResult> SavePartnerPersonPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.EvidencePeoplePage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.SavePartnerPersonPage, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.SavePartnerRevenuePage))]
    public static Task<IActionResult> SavePartnerRevenuePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.EvidenceRevenuePage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.SavePartnerRevenuePage, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.SavePartnerReferencePage))]
    public static Task<IActionResult> SavePartnerReferencePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.EvidenceReferencesPage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.SavePartnerReferencePage, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.UploadPartnerDocumentPage))]
    public static Task<IActionResult> UploadPartnerDocumentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerRoutes.EvidenceDocumentsPage)] HttpRequest request,
        string partnerId,
        string referenceId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.UploadPartnerDocumentPage, request, null, ("partnerId", partnerId), ("referenceId", referenceId));

    [Function(nameof(PartnerRoutes.ShowPartnerDocumentPage))]
    public static Task<IActionResult> ShowPartnerDocumentPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.EvidenceDocumentPage)] HttpRequest request,
        string partnerId,
        string referenceId,
        string documentId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowPartnerDocumentPage, request, null, ("partnerId", partnerId), ("referenceId", referenceId), ("documentId", documentId));
}
