using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Partners;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>Partner-facing HTTP triggers: thin wrappers over <see cref="PartnerHandlers"/> and <see cref="PartnerEvidenceHandlers"/>.</summary>
public static class PartnersFunctions
{
    [Function("PutPartner")]
    public static async Task<IActionResult> PutPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = PartnerHandlers.Routes.Partner)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Profiles(request).PutPartnerAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("GetPartner")]
    public static async Task<IActionResult> GetPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerHandlers.Routes.Partner)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Profiles(request).GetPartnerAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("PutPerson")]
    public static async Task<IActionResult> PutPerson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = PartnerEvidenceHandlers.Routes.Person)] HttpRequest request,
        string partnerId,
        string personId) =>
        new HttpResultActionResult(await Evidence(request).PutPersonAsync(request, partnerId, personId, request.HttpContext.RequestAborted));

    [Function("PutRevenue")]
    public static async Task<IActionResult> PutRevenue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = PartnerEvidenceHandlers.Routes.Revenue)] HttpRequest request,
        string partnerId,
        string lineId) =>
        new HttpResultActionResult(await Evidence(request).PutRevenueAsync(request, partnerId, lineId, request.HttpContext.RequestAborted));

    [Function("PutReference")]
    public static async Task<IActionResult> PutReference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = PartnerEvidenceHandlers.Routes.Reference)] HttpRequest request,
        string partnerId,
        string referenceId) =>
        new HttpResultActionResult(await Evidence(request).PutReferenceAsync(request, partnerId, referenceId, request.HttpContext.RequestAborted));

    [Function("PostReferenceDocument")]
    public static async Task<IActionResult> PostReferenceDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PartnerEvidenceHandlers.Routes.ReferenceDocuments)] HttpRequest request,
        string partnerId,
        string referenceId) =>
        new HttpResultActionResult(await Evidence(request).PostReferenceDocumentAsync(request, partnerId, referenceId, request.HttpContext.RequestAborted));

    [Function("GetEvaluation")]
    public static async Task<IActionResult> GetEvaluation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerHandlers.Routes.Evaluation)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Profiles(request).GetEvaluationAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("GetDecisions")]
    public static async Task<IActionResult> GetDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerHandlers.Routes.Decisions)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Profiles(request).GetDecisionsAsync(request, partnerId, request.HttpContext.RequestAborted));

    [Function("GetMigrationPreview")]
    public static async Task<IActionResult> GetMigrationPreview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PartnerHandlers.Routes.MigrationPreview)] HttpRequest request,
        string partnerId) =>
        new HttpResultActionResult(await Profiles(request).GetMigrationPreviewAsync(request, partnerId, request.HttpContext.RequestAborted));

    private static PartnerHandlers Profiles(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<PartnerHandlers>();

    private static PartnerEvidenceHandlers Evidence(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<PartnerEvidenceHandlers>();
}
