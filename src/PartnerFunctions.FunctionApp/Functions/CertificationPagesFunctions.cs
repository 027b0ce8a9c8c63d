using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Certification;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The partner's certification pages and start form (<see cref="CertificationRoutes"/>). Thin wrappers.</summary>
public static class CertificationPagesFunctions
{
    [Function(nameof(CertificationRoutes.ShowPartnerCertifications))]
    public static Task<IActionResult> ShowPartnerCertifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CertificationRoutes.ListPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId) =>
        FunctionRoute.InvokeAsync(CertificationRoutes.ShowPartnerCertifications, request, client, ("partnerId", partnerId));

    [Function(nameof(CertificationRoutes.ShowPartnerCertification))]
    public static Task<IActionResult> ShowPartnerCertification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CertificationRoutes.CompetencyPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId,
        string competencyId) =>
        FunctionRoute.InvokeAsync(CertificationRoutes.ShowPartnerCertification, request, client, ("partnerId", partnerId), ("competencyId", competencyId));

    [Function(nameof(CertificationRoutes.StartPartnerCertificationPage))]
    public static Task<IActionResult> StartPartnerCertificationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CertificationRoutes.CompetencyPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId,
        string competencyId) =>
        FunctionRoute.InvokeAsync(CertificationRoutes.StartPartnerCertificationPage, request, client, ("partnerId", partnerId), ("competencyId", competencyId));
}
