using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Audit;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The audit log, read only: a day's or a partner's lines (API and console), and their CSV.</summary>
public static class AuditFunctions
{
    [Function(nameof(AuditRoutes.ListAuditDay))]
    public static Task<IActionResult> ListAuditDay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + AuditRoutes.Day)] HttpRequest request,
        string day) =>
        FunctionRoute.InvokeAsync(AuditRoutes.ListAuditDay, request, null, ("day", day));

    [Function(nameof(AuditRoutes.ExportAuditDay))]
    public static Task<IActionResult> ExportAuditDay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + AuditRoutes.DayCsv)] HttpRequest request,
        string day) =>
        FunctionRoute.InvokeAsync(AuditRoutes.ExportAuditDay, request, null, ("day", day));

    [Function(nameof(AuditRoutes.ListAuditPartner))]
    public static Task<IActionResult> ListAuditPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + AuditRoutes.Partner)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(AuditRoutes.ListAuditPartner, request, null, ("partnerId", partnerId));

    [Function(nameof(AuditRoutes.ExportAuditPartner))]
    public static Task<IActionResult> ExportAuditPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + AuditRoutes.PartnerCsv)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(AuditRoutes.ExportAuditPartner, request, null, ("partnerId", partnerId));

    [Function(nameof(AuditRoutes.ShowAudit))]
    public static Task<IActionResult> ShowAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AuditRoutes.Page)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(AuditRoutes.ShowAudit, request, null);

    [Function(nameof(AuditRoutes.DownloadAuditDay))]
    public static Task<IActionResult> DownloadAuditDay(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AuditRoutes.DayCsv)] HttpRequest request,
        string day) =>
        FunctionRoute.InvokeAsync(AuditRoutes.DownloadAuditDay, request, null, ("day", day));

    [Function(nameof(AuditRoutes.DownloadAuditPartner))]
    public static Task<IActionResult> DownloadAuditPartner(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AuditRoutes.PartnerCsv)] HttpRequest request,
        string partnerId) =>
        FunctionRoute.InvokeAsync(AuditRoutes.DownloadAuditPartner, request, null, ("partnerId", partnerId));
}
