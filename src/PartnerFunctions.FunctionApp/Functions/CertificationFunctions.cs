using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>
/// Partner-started certification: start and status endpoints (thin wrappers over <see cref="CertificationHandlers"/>)
/// and the orchestration/activity wrappers of <see cref="CertificationOrchestrator"/>.
/// </summary>
public static class CertificationFunctions
{
    [Function(nameof(CertificationRoutes.StartCertification))]
    public static Task<IActionResult> StartCertification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoute.Prefix + CertificationRoutes.Certification)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId,
        string competencyId) =>
        FunctionRoute.InvokeAsync(CertificationRoutes.StartCertification, request, client, ("partnerId", partnerId), ("competencyId", competencyId));

    [Function(nameof(CertificationRoutes.GetCertification))]
    public static Task<IActionResult> GetCertification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoute.Prefix + CertificationRoutes.Certification)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string partnerId,
        string competencyId) =>
        FunctionRoute.InvokeAsync(CertificationRoutes.GetCertification, request, client, ("partnerId", partnerId), ("competencyId", competencyId));

    [Function(nameof(CertificationOrchestrator))]
    public static Task<CertificationOutput> RunCertificationOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) => DurableWrappers.Orchestrate<CertificationOrchestrator, CertificationInput, CertificationOutput>(context);

    [Function(nameof(CheckCertificationEvidenceActivity))]
    public static Task<EvidenceCheck> RunCheckCertificationEvidenceActivity([ActivityTrigger] EvidenceCheckInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<CheckCertificationEvidenceActivity, EvidenceCheckInput, EvidenceCheck>(input, instanceId, context);

    [Function(nameof(RequestReferenceApprovalActivity))]
    public static Task<ReferenceApprovalIssued> RunRequestReferenceApprovalActivity([ActivityTrigger] ReferenceApprovalInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<RequestReferenceApprovalActivity, ReferenceApprovalInput, ReferenceApprovalIssued>(input, instanceId, context);

    [Function(nameof(ApplyReferenceDecisionActivity))]
    public static Task<ReferenceOutcome> RunApplyReferenceDecisionActivity([ActivityTrigger] ReferenceDecisionInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<ApplyReferenceDecisionActivity, ReferenceDecisionInput, ReferenceOutcome>(input, instanceId, context);

    [Function(nameof(GrantCompetencyLevelActivity))]
    public static Task<LevelGrant> RunGrantCompetencyLevelActivity([ActivityTrigger] GrantLevelInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<GrantCompetencyLevelActivity, GrantLevelInput, LevelGrant>(input, instanceId, context);

    [Function(nameof(SendCertificationOutcomeActivity))]
    public static Task<NotificationOutcome> RunSendCertificationOutcomeActivity([ActivityTrigger] CertificationOutcomeInput input, string instanceId, FunctionContext context) => DurableWrappers.Run<SendCertificationOutcomeActivity, CertificationOutcomeInput, NotificationOutcome>(input, instanceId, context);
}
