using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>Body of a staff decision.</summary>
/// <param name="Approve">True to approve (validate the reference / apply the downgrade), false to reject (refuse / keep the tier).</param>
/// <param name="DecidedBy">Who decides (recorded on the request, the reference history and the decision).</param>
public sealed record StaffDecisionRequest(bool? Approve, string? Comment, string? DecidedBy);

/// <summary>What a staff decision did.</summary>
/// <param name="TierChange">For a downgrade: what the decision did to the partner's tier.</param>
/// <param name="Tier">For a downgrade: the tier held after the decision.</param>
public sealed record StaffDecisionResponse(
    string ApprovalId,
    string Kind,
    ApprovalStatus Status,
    string DecidedBy,
    DateTimeOffset DecidedAt,
    string? PartnerId,
    string? ReferenceId,
    TierChangeKind? TierChange,
    Tier? Tier);

/// <summary>
/// <c>POST staff/approvals/{approvalId}/decision</c>: program staff answer an approval request by id (until the
/// email link's confirmation page exists, which will do the same after checking the token). The request row is decided
/// with its ETag first, so of two concurrent answers exactly one wins; then a reference answer is handed to the waiting
/// certification (event "ReferenceDecision"), and a downgrade answer is applied through
/// <see cref="TierChangePolicy.ApplyStaffDecision"/> and recorded as a StaffDecision decision with its receipt.
/// </summary>
public sealed partial class StaffApprovalHandlers(
    IApprovalRepository approvals,
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    INotificationService notifications,
    IApiAccess access,
    TimeProvider time,
    ILogger<StaffApprovalHandlers> logger)
{
    private const int MaxDecidedByLength = 200;
    private const int MaxCommentLength = 2000;
    private const int MaxConflictRetries = 3;

    /// <summary>Routes (under /api) of these handlers.</summary>
    public static class Routes
    {
        public const string Decision = "staff/approvals/{approvalId}/decision";
    }

    /// <summary>200 with what was decided; 400 bad body; 404 unknown request; 409 already decided, expired or nothing waiting.</summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string approvalId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var invalid = ApiIds.Validate(("approvalId", approvalId));
        if (invalid is not null)
        {
            return invalid;
        }

        var staff = await access.CheckStaffAsync(request.HttpContext, cancellationToken);
        if (staff.Problem is not null)
        {
            return staff.Problem;
        }

        var (body, problem) = await ApiJson.ReadAsync<StaffDecisionRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = Validate(body!);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var approve = body!.Approve!.Value;
        var decidedBy = body.DecidedBy!.Trim();
        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        var approval = await approvals.GetAsync(approvalId, cancellationToken);
        if (approval is null)
        {
            return ApiProblems.NotFound($"Approval request '{approvalId}' does not exist.");
        }

        if (approval.Status != ApprovalStatus.Pending)
        {
            return ApiProblems.Conflict($"Approval request '{approvalId}' was already answered: {approval.Status.ToString().ToLowerInvariant()}.");
        }

        var now = time.GetUtcNow();
        if (now >= approval.ExpiresAt)
        {
            return ApiProblems.Conflict($"Approval request '{approvalId}' expired on {ApprovalPayloads.FormatUtc(approval.ExpiresAt)}.");
        }

        return approval.Kind switch
        {
            ApprovalKinds.Reference => await DecideReferenceAsync(approval, approve, decidedBy, comment, now, client, cancellationToken),
            ApprovalKinds.Downgrade => await DecideDowngradeAsync(approval, approve, decidedBy, comment, now, cancellationToken),
            _ => ApiProblems.Conflict($"Approval request '{approvalId}' is of kind '{approval.Kind}', which cannot be decided here."),
        };
    }

    private static List<FieldError> Validate(StaffDecisionRequest body)
    {
        var errors = new List<FieldError>();
        if (body.Approve is null)
        {
            errors.Add(new FieldError("approve", "is required (true to approve, false to reject)"));
        }

        if (string.IsNullOrWhiteSpace(body.DecidedBy) || body.DecidedBy.Trim().Length > MaxDecidedByLength)
        {
            errors.Add(new FieldError("decidedBy", $"is required: who decides, 1-{MaxDecidedByLength} characters"));
        }

        if (body.Comment is { Length: > MaxCommentLength })
        {
            errors.Add(new FieldError("comment", $"must be at most {MaxCommentLength} characters"));
        }

        return errors;
    }

    private async Task<IResult> DecideReferenceAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var payload = ApprovalPayloads.Deserialize<ReferenceApprovalPayload>(approval.PayloadJson);
        if (payload is null || approval.WorkflowInstanceId is null)
        {
            return ApiProblems.Conflict($"Approval request '{approval.ApprovalId}' does not name the reference or the workflow it is for.");
        }

        var instance = await client.GetInstanceAsync(approval.WorkflowInstanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
        {
            return ApiProblems.Conflict($"The certification that asked for approval request '{approval.ApprovalId}' is no longer waiting for it.");
        }

        ApprovalRequest decided;
        try
        {
            decided = await approvals.DecideAsync(approval.ApprovalId, approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected, decidedBy, now, comment, approval.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return ApiProblems.Conflict($"Approval request '{approval.ApprovalId}' was answered or closed meanwhile.");
        }

        await client.RaiseEventAsync(
            approval.WorkflowInstanceId,
            ReferenceDecision.EventName,
            new ReferenceDecision(approval.ApprovalId, payload.ReferenceId, approve, decidedBy, comment),
            cancellationToken);
        LogDecided(logger, approval.ApprovalId, approval.Kind, decided.Status);
        return ApiResults.Ok(new StaffDecisionResponse(approval.ApprovalId, approval.Kind, decided.Status, decidedBy, now, payload.PartnerId, payload.ReferenceId, null, null));
    }

    private async Task<IResult> DecideDowngradeAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (approval.PartnerId is null)
        {
            return ApiProblems.Conflict($"Approval request '{approval.ApprovalId}' does not name a partner.");
        }

        var snapshot = await partners.GetSnapshotAsync(approval.PartnerId, cancellationToken);
        if (snapshot is null)
        {
            return ApiProblems.Conflict($"Partner '{approval.PartnerId}' of approval request '{approval.ApprovalId}' no longer exists.");
        }

        if (!snapshot.Profile.Status.TierState.AwaitingStaffDecision)
        {
            return ApiProblems.Conflict($"No downgrade decision is pending for partner '{approval.PartnerId}'.");
        }

        ProgramDefinition definition;
        try
        {
            definition = await definitions.GetActiveAsync(cancellationToken);
        }
        catch (NoActiveDefinitionException)
        {
            return ApiProblems.NoActiveDefinition();
        }

        ApprovalRequest decided;
        try
        {
            decided = await approvals.DecideAsync(approval.ApprovalId, approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected, decidedBy, now, comment, approval.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return ApiProblems.Conflict($"Approval request '{approval.ApprovalId}' was answered or closed meanwhile.");
        }

        var change = await ApplyDowngradeDecisionAsync(snapshot, approval.ApprovalId, approve, decidedBy, now, definition, cancellationToken);
        if (change is null)
        {
            return ApiProblems.Conflict($"No downgrade decision is pending for partner '{approval.PartnerId}' any more.");
        }

        if (change.NotifiesPartner)
        {
            await NotifyPartnerAsync(snapshot.Profile.Partner, change, definition, DecisionIdFor(approval.ApprovalId, approval.PartnerId), cancellationToken);
        }

        LogDecided(logger, approval.ApprovalId, approval.Kind, decided.Status);
        return ApiResults.Ok(new StaffDecisionResponse(approval.ApprovalId, approval.Kind, decided.Status, decidedBy, now, approval.PartnerId, null, change.Kind, change.State.Current));
    }

    /// <summary>The id of the decision a staff answer records (a replay of the same answer is detected by it).</summary>
    public static string DecisionIdFor(string approvalId, string partnerId) =>
        string.Create(CultureInfo.InvariantCulture, $"staff-{approvalId}:{partnerId}");

    // Evaluates the partner now, applies the staff answer and records decision and status in one conditional write.
    private async Task<TierChange?> ApplyDowngradeDecisionAsync(PartnerSnapshot snapshot, string approvalId, bool approve, string decidedBy, DateTimeOffset now, ProgramDefinition definition, CancellationToken cancellationToken)
    {
        var decisionId = DecisionIdFor(approvalId, snapshot.PartnerId);
        for (var attempt = 1; ; attempt++)
        {
            var status = snapshot.Profile.Status;
            if (!status.TierState.AwaitingStaffDecision)
            {
                return null;
            }

            var asOf = DateOnly.FromDateTime(now.UtcDateTime);
            var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
            var change = TierChangePolicy.ApplyStaffDecision(status.TierState, approve, evaluation.Tier, asOf, definition.Downgrade);
            var decision = new TierDecision(
                decisionId,
                snapshot.PartnerId,
                DecisionKind.StaffDecision,
                now,
                definition.VersionTag,
                change.From,
                change.To,
                change.Kind,
                change.Reason,
                evaluation.ToReceipt(),
                null,
                decidedBy);
            var newStatus = new PartnerStatus(change.State, PartnerTierService.LevelsOf(evaluation), asOf, definition.VersionTag, decisionId);
            try
            {
                await partners.RecordDecisionAsync(decision, newStatus, snapshot.Profile.ETag, cancellationToken);
                return change;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // The partner changed since it was read (evidence, a nightly evaluation): apply the answer to the fresh state.
                snapshot = await partners.GetSnapshotAsync(snapshot.PartnerId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Partner '{snapshot.PartnerId}' disappeared during the decision.");
            }
        }
    }

    private async Task NotifyPartnerAsync(Domain.Evidence.Partner partner, TierChange change, ProgramDefinition definition, string decisionId, CancellationToken cancellationToken) =>
        await notifications.SendAsync(PartnerTierService.TierChangeNotification(partner, definition, change, decisionId), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval request {ApprovalId} ({Kind}) decided by staff: {Status}")]
    private static partial void LogDecided(ILogger logger, string approvalId, string kind, ApprovalStatus status);
}
