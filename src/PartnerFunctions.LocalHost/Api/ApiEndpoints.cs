using Microsoft.DurableTask.Client;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Partners;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.LocalHost.Api;

/// <summary>
/// The Functions app's HTTP API under /api: each route and method of its HTTP triggers mapped to the same shared
/// handler method (the parity test compares this with the Functions app's functions, so the two cannot drift apart).
/// </summary>
public static class ApiEndpoints
{
    /// <summary>The route prefix of the Functions host.</summary>
    public const string Prefix = "/api";

    // Routes the Functions app declares in its wrappers rather than in the shared handlers.
    internal const string MigrationsRoute = "staff/migrations";
    internal const string ReevaluationsRoute = "staff/reevaluations";
    internal const string WhatIfRoute = "staff/whatif";
    internal const string OpenApiRoute = "openapi.json";

    /// <summary>Maps every product route under <see cref="Prefix"/>.</summary>
    public static IEndpointRouteBuilder MapPartnerFunctionsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(Prefix);
        MapPartners(api);
        MapCertification(api);
        MapApprovals(api);
        MapAccess(api);
        MapDefinitions(api);
        MapImports(api);
        MapRuns(api);
        api.MapGet(OpenApiRoute, () => ApiResults.RawJson(LocalOpenApiDocument.Json)).WithName("GetOpenApiDocument");
        return endpoints;
    }

    private static void MapPartners(RouteGroupBuilder api)
    {
        api.MapPut(PartnerHandlers.Routes.Partner, (HttpRequest request, string partnerId, PartnerHandlers handlers, CancellationToken ct) =>
            handlers.PutPartnerAsync(request, partnerId, ct)).WithName("PutPartner");
        api.MapGet(PartnerHandlers.Routes.Partner, (HttpRequest request, string partnerId, PartnerHandlers handlers, CancellationToken ct) =>
            handlers.GetPartnerAsync(request, partnerId, ct)).WithName("GetPartner");
        api.MapPut(PartnerEvidenceHandlers.Routes.Person, (HttpRequest request, string partnerId, string personId, PartnerEvidenceHandlers handlers, CancellationToken ct) =>
            handlers.PutPersonAsync(request, partnerId, personId, ct)).WithName("PutPerson");
        api.MapPut(PartnerEvidenceHandlers.Routes.Revenue, (HttpRequest request, string partnerId, string lineId, PartnerEvidenceHandlers handlers, CancellationToken ct) =>
            handlers.PutRevenueAsync(request, partnerId, lineId, ct)).WithName("PutRevenue");
        api.MapPut(PartnerEvidenceHandlers.Routes.Reference, (HttpRequest request, string partnerId, string referenceId, PartnerEvidenceHandlers handlers, CancellationToken ct) =>
            handlers.PutReferenceAsync(request, partnerId, referenceId, ct)).WithName("PutReference");
        api.MapPost(PartnerEvidenceHandlers.Routes.ReferenceDocuments, (HttpRequest request, string partnerId, string referenceId, PartnerEvidenceHandlers handlers, CancellationToken ct) =>
            handlers.PostReferenceDocumentAsync(request, partnerId, referenceId, ct)).WithName("PostReferenceDocument");
        api.MapGet(PartnerHandlers.Routes.Evaluation, (HttpRequest request, string partnerId, PartnerHandlers handlers, CancellationToken ct) =>
            handlers.GetEvaluationAsync(request, partnerId, ct)).WithName("GetEvaluation");
        api.MapGet(PartnerHandlers.Routes.Decisions, (HttpRequest request, string partnerId, PartnerHandlers handlers, CancellationToken ct) =>
            handlers.GetDecisionsAsync(request, partnerId, ct)).WithName("GetDecisions");
        api.MapGet(PartnerHandlers.Routes.MigrationPreview, (HttpRequest request, string partnerId, PartnerHandlers handlers, CancellationToken ct) =>
            handlers.GetMigrationPreviewAsync(request, partnerId, ct)).WithName("GetMigrationPreview");
    }

    private static void MapCertification(RouteGroupBuilder api)
    {
        api.MapPost(CertificationHandlers.Routes.Certification, (HttpRequest request, string partnerId, string competencyId, DurableTaskClient client, CertificationHandlers handlers, CancellationToken ct) =>
            handlers.StartAsync(request, partnerId, competencyId, client, ct)).WithName("StartCertification");
        api.MapGet(CertificationHandlers.Routes.Certification, (HttpRequest request, string partnerId, string competencyId, DurableTaskClient client, CertificationHandlers handlers, CancellationToken ct) =>
            handlers.GetStatusAsync(request, partnerId, competencyId, client, ct)).WithName("GetCertification");
    }

    private static void MapApprovals(RouteGroupBuilder api)
    {
        api.MapPost(StaffApprovalHandlers.Routes.Decision, (HttpRequest request, string approvalId, DurableTaskClient client, StaffApprovalHandlers handlers, CancellationToken ct) =>
            handlers.DecideAsync(request, approvalId, client, ct)).WithName("DecideApproval");

        // The email link's page: GET and HEAD show it (and change nothing), POST answers.
        api.MapGet(ApprovalLinkHandlers.Routes.Link, (HttpRequest request, string approvalId, DurableTaskClient client, ApprovalLinkHandlers handlers, CancellationToken ct) =>
            handlers.ShowAsync(request, approvalId, client, ct)).WithName("ShowApprovalLink");
        api.MapMethods(ApprovalLinkHandlers.Routes.Link, [HttpMethods.Head], (HttpRequest request, string approvalId, DurableTaskClient client, ApprovalLinkHandlers handlers, CancellationToken ct) =>
            handlers.ShowAsync(request, approvalId, client, ct)).WithName("CheckApprovalLink");
        api.MapPost(ApprovalLinkHandlers.Routes.Link, (HttpRequest request, string approvalId, DurableTaskClient client, ApprovalLinkHandlers handlers, CancellationToken ct) =>
            handlers.AnswerAsync(request, approvalId, client, ct)).WithName("AnswerApprovalLink");
    }

    private static void MapAccess(RouteGroupBuilder api)
    {
        api.MapPost(AccessHandlers.Routes.Credentials, (HttpRequest request, string partnerId, AccessHandlers handlers, CancellationToken ct) =>
            handlers.IssueAsync(request, partnerId, ct)).WithName("IssuePartnerCredential");
        api.MapGet(AccessHandlers.Routes.Credentials, (HttpRequest request, string partnerId, AccessHandlers handlers, CancellationToken ct) =>
            handlers.ListAsync(request, partnerId, ct)).WithName("ListPartnerCredentials");
        api.MapDelete(AccessHandlers.Routes.Credential, (HttpRequest request, string partnerId, string credentialId, AccessHandlers handlers, CancellationToken ct) =>
            handlers.RevokeAsync(request, partnerId, credentialId, ct)).WithName("RevokePartnerCredential");
        api.MapPut(AccessHandlers.Routes.Principal, (HttpRequest request, string partnerId, string objectId, AccessHandlers handlers, CancellationToken ct) =>
            handlers.MapPrincipalAsync(request, partnerId, objectId, ct)).WithName("MapPartnerPrincipal");
        api.MapDelete(AccessHandlers.Routes.Principal, (HttpRequest request, string partnerId, string objectId, AccessHandlers handlers, CancellationToken ct) =>
            handlers.UnmapPrincipalAsync(request, partnerId, objectId, ct)).WithName("UnmapPartnerPrincipal");
    }

    private static void MapDefinitions(RouteGroupBuilder api)
    {
        api.MapPost(DefinitionHandlers.Routes.Validate, (HttpRequest request, DefinitionHandlers handlers, CancellationToken ct) =>
            handlers.ValidateDefinitionAsync(request, ct)).WithName("ValidateDefinition");
        api.MapPost(DefinitionHandlers.Routes.Definitions, (HttpRequest request, DefinitionHandlers handlers, CancellationToken ct) =>
            handlers.PostDefinitionAsync(request, ct)).WithName("PostDefinition");
        api.MapGet(DefinitionHandlers.Routes.Definitions, (HttpRequest request, DefinitionHandlers handlers, CancellationToken ct) =>
            handlers.ListDefinitionsAsync(request, ct)).WithName("ListDefinitions");
        api.MapGet(DefinitionHandlers.Routes.Version, (HttpRequest request, string id, string version, DefinitionHandlers handlers, CancellationToken ct) =>
            handlers.GetDefinitionAsync(request, id, version, ct)).WithName("GetDefinition");
        api.MapPost(DefinitionHandlers.Routes.Activate, (HttpRequest request, string id, string version, DefinitionHandlers handlers, CancellationToken ct) =>
            handlers.ActivateDefinitionAsync(request, id, version, ct)).WithName("ActivateDefinition");
    }

    private static void MapImports(RouteGroupBuilder api)
    {
        api.MapPost(ImportHandlers.Routes.Revenue, (HttpRequest request, ImportHandlers handlers, CancellationToken ct) =>
            handlers.ImportRevenueAsync(request, ct)).WithName("ImportRevenue");
        api.MapPost(ImportHandlers.Routes.Accreditations, (HttpRequest request, ImportHandlers handlers, CancellationToken ct) =>
            handlers.ImportAccreditationsAsync(request, ct)).WithName("ImportAccreditations");
    }

    private static void MapRuns(RouteGroupBuilder api)
    {
        api.MapPost(ReevaluationsRoute, (HttpRequest request, DurableTaskClient client, ReevaluationStarter starter, CancellationToken ct) =>
            starter.StartFromStaffAsync(request, client, ct)).WithName("StartReevaluation");
        api.MapPost(MigrationsRoute, (HttpRequest request, DurableTaskClient client, MigrationStarter starter, CancellationToken ct) =>
            starter.StartAsync(request, client, ct)).WithName("StartMigration");
        api.MapPost(WhatIfRoute, (HttpRequest request, DurableTaskClient client, WhatIfStarter starter, CancellationToken ct) =>
            starter.StartAsync(request, client, ct)).WithName("StartWhatIf");
        api.MapGet(RunsHandlers.Routes.List, (HttpRequest request, RunsHandlers handlers, CancellationToken ct) =>
            handlers.ListAsync(request, ct)).WithName("ListRuns");
        api.MapGet(RunsHandlers.Routes.Run, (HttpRequest request, string kind, string instanceId, DurableTaskClient client, RunsHandlers handlers, CancellationToken ct) =>
            handlers.GetAsync(request, kind, instanceId, client, ct)).WithName("GetRun");
        api.MapGet(RunsHandlers.Routes.Report, (HttpRequest request, string kind, string instanceId, string fileName, RunsHandlers handlers, CancellationToken ct) =>
            handlers.GetReportAsync(request, kind, instanceId, fileName, ct)).WithName("GetRunReport");
    }
}
