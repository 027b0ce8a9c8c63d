using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Partner-facing HTTP triggers: thin wrappers over <see cref="PartnerHandlers"/> and <see cref="PartnerEvidenceHandlers"/>.</summary>
public static class PartnersFunctions
{
    [Function(nameof(PartnerRoutes.PutPartner))]
    public static Task<IActionResult> PutPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoute.Prefix + PartnerRoutes.Partner)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.PutPartner, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.GetPartner))]
    public static Task<IActionResult> GetPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + PartnerRoutes.Partner)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.GetPartner, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.PutPerson))]
    public static Task<IActionResult> PutPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoute.Prefix + PartnerRoutes.Person)] HttpRequest request,
        string partnerId,
        string personId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.PutPerson, request, null, ("partnerId", partnerId), ("personId", personId));

    [Function(nameof(PartnerRoutes.PutRevenue))]
    public static Task<IActionResult> PutRevenue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoute.Prefix + PartnerRoutes.Revenue)] HttpRequest request,
        string partnerId,
        string lineId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.PutRevenue, request, null, ("partnerId", partnerId), ("lineId", lineId));

    [Function(nameof(PartnerRoutes.PutReference))]
    public static Task<IActionResult> PutReference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiRoute.Prefix + PartnerRoutes.Reference)] HttpRequest request,
        string partnerId,
        string referenceId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.PutReference, request, null, ("partnerId", partnerId), ("referenceId", referenceId));

    [Function(nameof(PartnerRoutes.PostReferenceDocument))]
    public static Task<IActionResult> PostReferenceDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + PartnerRoutes.ReferenceDocuments)] HttpRequest request,
        string partnerId,
        string referenceId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.PostReferenceDocument, request, null, ("partnerId", partnerId), ("referenceId", referenceId));

    [Function(nameof(PartnerRoutes.GetEvaluation))]
    public static Task<IActionResult> GetEvaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + PartnerRoutes.Evaluation)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.GetEvaluation, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.GetDecisions))]
    public static Task<IActionResult> GetDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + PartnerRoutes.Decisions)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.GetDecisions, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.GetMigrationPreview))]
    public static Task<IActionResult> GetMigrationPreview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + PartnerRoutes.MigrationPreview)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.GetMigrationPreview, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.RebuildSearchIndex))]
    public static Task<IActionResult> RebuildSearchIndex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + PartnerRoutes.SearchIndexRebuild)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.RebuildSearchIndex, request, null);

    [Function(nameof(PartnerRoutes.ShowPartnerProgram))]
    public static Task<IActionResult> ShowPartnerProgram(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.ProgramPage)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowPartnerProgram, request, null, ("partnerId", partnerId));

    [Function(nameof(PartnerRoutes.ShowPartnerSearch))]
    public static Task<IActionResult> ShowPartnerSearch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerRoutes.SearchPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(PartnerRoutes.ShowPartnerSearch, request, null);
}
