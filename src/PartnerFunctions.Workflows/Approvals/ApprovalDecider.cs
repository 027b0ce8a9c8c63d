using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>What became of an attempt to answer an approval request (or of the check whether it can be answered).</summary>
public enum ApprovalDecisionState
{
    /// <summary>The answer was recorded and handed on (event raised / downgrade applied).</summary>
    Decided,

    /// <summary>The request was answered before (approved or rejected), possibly a moment ago by a concurrent answer.</summary>
    AlreadyAnswered,

    /// <summary>The request was closed without an answer (status Expired: timed out or replaced by a newer request).</summary>
    Closed,

    /// <summary>The request is still pending but its expiry date has passed.</summary>
    Expired,

    /// <summary>Nothing waits for the answer any more (workflow finished, no downgrade pending, request malformed).</summary>
    NotWaiting,

    /// <summary>No program definition is active, so a downgrade cannot be evaluated.</summary>
    NoActiveDefinition,

    /// <summary>The one answering asked for it (a tier override needs a second staff member: four eyes).</summary>
    OwnRequest,
}

/// <summary>The outcome of <see cref="ApprovalDecider.DecideAsync"/> or <see cref="ApprovalDecider.CheckAsync"/>.</summary>
/// <param name="Detail">A sentence for the caller (problem detail or page text); names no secret.</param>
/// <param name="Decision">What was decided, when <paramref name="State"/> is <see cref="ApprovalDecisionState.Decided"/>.</param>
public sealed record ApprovalDecisionOutcome(ApprovalDecisionState State, string Detail, StaffDecisionResponse? Decision = null)
{
    public static ApprovalDecisionOutcome Refused(ApprovalDecisionState state, string detail) => new(state, detail);
}

/// <summary>
/// The one decision path of approval requests, shared by the staff endpoint and the approval link's page. The request
/// row is decided with its ETag first, so of two concurrent answers exactly one wins; then a reference answer is handed
/// to the waiting certification (event "ReferenceDecision"), and a downgrade answer is handed to
/// <see cref="StaffDowngradeDecision"/> (tier evaluation), which records it as a StaffDecision decision with its receipt.
/// <see cref="CheckAsync"/> answers "could this be decided now?" with reads only (the confirmation page's GET).
/// </summary>
public sealed partial class ApprovalDecider(
    IApprovalRepository approvals,
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    StaffDowngradeDecision downgrades,
    StaffTierOverride overrides,
    TimeProvider time,
    ILogger<ApprovalDecider> logger)
{
    /// <summary>The id of the decision a staff answer records (a replay of the same answer is detected by it).</summary>
    public static string DecisionIdFor(string approvalId, string partnerId) =>
        string.Create(CultureInfo.InvariantCulture, $"staff-{approvalId}:{partnerId}");

    /// <summary>
    /// Null when <paramref name="approval"/> can be answered now; else why not. Reads only (request, workflow status,
    /// partner): safe for a page that a mail scanner may prefetch.
    /// </summary>
    public async Task<ApprovalDecisionOutcome?> CheckAsync(ApprovalRequest approval, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(client);
        var refused = CheckRequest(approval, time.GetUtcNow());
        if (refused is not null)
        {
            return refused;
        }

        return approval.Kind switch
        {
            ApprovalKinds.Reference => (await CheckReferenceAsync(approval, client, cancellationToken)).Refused,
            ApprovalKinds.Downgrade => (await CheckDowngradeAsync(approval, cancellationToken)).Refused,
            ApprovalKinds.Override => (await CheckOverrideAsync(approval, cancellationToken)).Refused,
            _ => UnknownKind(approval),
        };
    }

    /// <summary>
    /// Answers <paramref name="approval"/> (as read by the caller: its ETag guards the write) on behalf of
    /// <paramref name="decidedBy"/>. Nothing is written unless the outcome is <see cref="ApprovalDecisionState.Decided"/>
    /// (except a downgrade whose partner stopped waiting between the request's write and the partner's).
    /// </summary>
    public async Task<ApprovalDecisionOutcome> DecideAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        ArgumentNullException.ThrowIfNull(client);
        var now = time.GetUtcNow();
        var refused = CheckRequest(approval, now);
        if (refused is not null)
        {
            return refused;
        }

        return approval.Kind switch
        {
            ApprovalKinds.Reference => await DecideReferenceAsync(approval, approve, decidedBy, comment, now, client, cancellationToken),
            ApprovalKinds.Downgrade => await DecideDowngradeAsync(approval, approve, decidedBy, comment, now, cancellationToken),
            ApprovalKinds.Override => await DecideOverrideAsync(approval, approve, decidedBy, comment, now, cancellationToken),
            _ => UnknownKind(approval),
        };
    }

    private static ApprovalDecisionOutcome? CheckRequest(ApprovalRequest approval, DateTimeOffset now)
    {
        if (approval.Status is ApprovalStatus.Approved or ApprovalStatus.Rejected)
        {
            return ApprovalDecisionOutcome.Refused(ApprovalDecisionState.AlreadyAnswered, $"Approval request '{approval.ApprovalId}' was already answered: {approval.Status.ToString().ToLowerInvariant()}.");
        }

        if (approval.Status != ApprovalStatus.Pending)
        {
            return ApprovalDecisionOutcome.Refused(ApprovalDecisionState.Closed, $"Approval request '{approval.ApprovalId}' was already answered: {approval.Status.ToString().ToLowerInvariant()}.");
        }

        return now >= approval.ExpiresAt
            ? ApprovalDecisionOutcome.Refused(ApprovalDecisionState.Expired, $"Approval request '{approval.ApprovalId}' expired on {ApprovalPayloads.FormatUtc(approval.ExpiresAt)}.")
            : null;
    }

    private static ApprovalDecisionOutcome UnknownKind(ApprovalRequest approval) =>
        ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Approval request '{approval.ApprovalId}' is of kind '{approval.Kind}', which cannot be decided here.");

    private static ApprovalDecisionOutcome AnsweredMeanwhile(ApprovalRequest approval) =>
        ApprovalDecisionOutcome.Refused(ApprovalDecisionState.AlreadyAnswered, $"Approval request '{approval.ApprovalId}' was answered or closed meanwhile.");

    private static async Task<(ReferenceApprovalPayload? Payload, ApprovalDecisionOutcome? Refused)> CheckReferenceAsync(ApprovalRequest approval, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var payload = ApprovalPayloads.Deserialize<ReferenceApprovalPayload>(approval.PayloadJson);
        if (payload is null || approval.WorkflowInstanceId is null)
        {
            return (null, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Approval request '{approval.ApprovalId}' does not name the reference or the workflow it is for."));
        }

        var instance = await client.GetInstanceAsync(approval.WorkflowInstanceId, getInputsAndOutputs: false, cancellationToken);
        return instance is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending }
            ? (payload, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"The certification that asked for approval request '{approval.ApprovalId}' is no longer waiting for it."))
            : (payload, null);
    }

    private async Task<(PartnerSnapshot? Snapshot, ApprovalDecisionOutcome? Refused)> CheckDowngradeAsync(ApprovalRequest approval, CancellationToken cancellationToken)
    {
        if (approval.PartnerId is null)
        {
            return (null, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Approval request '{approval.ApprovalId}' does not name a partner."));
        }

        var snapshot = await partners.GetSnapshotAsync(approval.PartnerId, cancellationToken);
        if (snapshot is null)
        {
            return (null, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Partner '{approval.PartnerId}' of approval request '{approval.ApprovalId}' no longer exists."));
        }

        return snapshot.Profile.Status.TierState.AwaitingStaffDecision
            ? (snapshot, null)
            : (snapshot, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"No downgrade decision is pending for partner '{approval.PartnerId}'."));
    }

    private async Task<ApprovalDecisionOutcome> DecideReferenceAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (payload, refused) = await CheckReferenceAsync(approval, client, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (decided, lost) = await RecordAnswerAsync(approval, approve, decidedBy, comment, now, cancellationToken);
        if (lost is not null)
        {
            return lost;
        }

        await client.RaiseEventAsync(
            approval.WorkflowInstanceId!,
            ReferenceDecision.EventName,
            new ReferenceDecision(approval.ApprovalId, payload!.ReferenceId, approve, decidedBy, comment),
            cancellationToken);
        LogDecided(logger, approval.ApprovalId, approval.Kind, decided.Status);
        return new ApprovalDecisionOutcome(
            ApprovalDecisionState.Decided,
            $"Approval request '{approval.ApprovalId}' was {decided.Status.ToString().ToLowerInvariant()}.",
            new StaffDecisionResponse(approval.ApprovalId, approval.Kind, decided.Status, decidedBy, now, payload.PartnerId, payload.ReferenceId, null, null));
    }

    private async Task<ApprovalDecisionOutcome> DecideDowngradeAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (snapshot, refused) = await CheckDowngradeAsync(approval, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (definition, noDefinition) = await ActiveDefinitionAsync("the downgrade cannot be evaluated", cancellationToken);
        if (noDefinition is not null)
        {
            return noDefinition;
        }

        var (decided, lost) = await RecordAnswerAsync(approval, approve, decidedBy, comment, now, cancellationToken);
        if (lost is not null)
        {
            return lost;
        }

        var change = await downgrades.ApplyAsync(snapshot!, DecisionIdFor(approval.ApprovalId, snapshot!.PartnerId), approve, decidedBy, now, definition, cancellationToken);
        if (change is null)
        {
            return ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"No downgrade decision is pending for partner '{approval.PartnerId}' any more.");
        }

        LogDecided(logger, approval.ApprovalId, approval.Kind, decided.Status);
        return new ApprovalDecisionOutcome(
            ApprovalDecisionState.Decided,
            $"Approval request '{approval.ApprovalId}' was {decided.Status.ToString().ToLowerInvariant()}.",
            new StaffDecisionResponse(approval.ApprovalId, approval.Kind, decided.Status, decidedBy, now, approval.PartnerId, null, change.Kind, change.State.Current));
    }

    private async Task<(OverrideApprovalPayload? Payload, PartnerSnapshot? Snapshot, ApprovalDecisionOutcome? Refused)> CheckOverrideAsync(ApprovalRequest approval, CancellationToken cancellationToken)
    {
        var payload = ApprovalPayloads.Deserialize<OverrideApprovalPayload>(approval.PayloadJson);
        if (payload is null || approval.PartnerId is null)
        {
            return (null, null, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Approval request '{approval.ApprovalId}' does not describe a tier override."));
        }

        var snapshot = await partners.GetSnapshotAsync(approval.PartnerId, cancellationToken);
        return snapshot is null
            ? (payload, null, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"Partner '{approval.PartnerId}' does not exist any more."))
            : (payload, snapshot, null);
    }

    /// <summary>
    /// Four eyes: why <paramref name="answeredBy"/> may not answer <paramref name="approval"/> (they asked for the
    /// override), or null. Checked before anything is written, approve or reject alike; the console hides its form.
    /// </summary>
    public static ApprovalDecisionOutcome? OwnRequest(ApprovalRequest approval, string answeredBy)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return approval.Kind == ApprovalKinds.Override
            && ApprovalPayloads.Deserialize<OverrideApprovalPayload>(approval.PayloadJson) is { } payload
            && string.Equals(payload.RequestedBy, answeredBy, StringComparison.OrdinalIgnoreCase)
                ? ApprovalDecisionOutcome.Refused(ApprovalDecisionState.OwnRequest, $"Approval request '{approval.ApprovalId}' was asked for by {answeredBy}: a second member of the program team must answer it.")
                : null;
    }

    private async Task<ApprovalDecisionOutcome> DecideOverrideAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (payload, snapshot, refused) = await CheckOverrideAsync(approval, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (OwnRequest(approval, decidedBy) is { } own)
        {
            return own;
        }

        var (definition, noDefinition) = await ActiveDefinitionAsync("the override cannot be applied", cancellationToken);
        if (noDefinition is not null)
        {
            return noDefinition;
        }

        var (decided, lost) = await RecordAnswerAsync(approval, approve, decidedBy, comment, now, cancellationToken);
        if (lost is not null)
        {
            return lost;
        }
        TierChange? change = null;
        if (approve)
        {
            var tierOverride = OverrideApprovalRequester.OverrideOf(payload!, decidedBy, now, approval.ApprovalId);
            change = await overrides.ApplyAsync(snapshot!, tierOverride, DecisionIdFor(approval.ApprovalId, snapshot!.PartnerId), definition, cancellationToken);
            if (change is null)
            {
                return ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NotWaiting, $"The override of partner '{approval.PartnerId}' ended on {payload!.EndsOn:yyyy-MM-dd} before it was approved: nothing was applied.");
            }
        }

        LogDecided(logger, approval.ApprovalId, approval.Kind, decided.Status);
        return new ApprovalDecisionOutcome(
            ApprovalDecisionState.Decided,
            $"Approval request '{approval.ApprovalId}' was {decided.Status.ToString().ToLowerInvariant()}.",
            new StaffDecisionResponse(approval.ApprovalId, approval.Kind, decided.Status, decidedBy, now, approval.PartnerId, null, change?.Kind, change?.State.Current));
    }

    // The request row is decided with its ETag (of two concurrent answers one wins) and noted for the request's audit line.
    private async Task<(ApprovalRequest Decided, ApprovalDecisionOutcome? Lost)> RecordAnswerAsync(ApprovalRequest approval, bool approve, string decidedBy, string? comment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var decided = await approvals.DecideAsync(approval.ApprovalId, approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected, decidedBy, now, comment, approval.ETag, cancellationToken);
            NoteAnswer(approval, decided);
            return (decided, null);
        }
        catch (ConcurrencyConflictException)
        {
            return (approval, AnsweredMeanwhile(approval));
        }
    }

    // The active definition a tier answer is evaluated under, or the refusal naming what cannot be done without one.
    private async Task<(ProgramDefinition Definition, ApprovalDecisionOutcome? Refused)> ActiveDefinitionAsync(string whatCannotBeDone, CancellationToken cancellationToken)
    {
        try
        {
            return (await definitions.GetActiveAsync(cancellationToken), null);
        }
        catch (NoActiveDefinitionException)
        {
            return (null!, ApprovalDecisionOutcome.Refused(ApprovalDecisionState.NoActiveDefinition, $"No program definition is active, so {whatCannotBeDone}."));
        }
    }

    // The answer is written: the request's audit line carries it, whatever follows.
    private static void NoteAnswer(ApprovalRequest before, ApprovalRequest after)
    {
        if (AuditScope.Current is not { } audit)
        {
            return;
        }

        if (after.PartnerId is { Length: > 0 } partnerId)
        {
            audit.About(partnerId);
        }

        audit.Change(
            "approval " + after.ApprovalId,
            new { kind = before.Kind, status = before.Status },
            new { kind = after.Kind, status = after.Status, decidedBy = after.DecidedBy, comment = after.Comment });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval request {ApprovalId} ({Kind}) decided: {Status}")]
    private static partial void LogDecided(ILogger logger, string approvalId, string kind, ApprovalStatus status);
}
