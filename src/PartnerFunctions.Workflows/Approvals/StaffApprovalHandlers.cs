using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>Body of a staff decision.</summary>
/// <param name="Approve">True to approve (validate the reference / apply the downgrade), false to reject (refuse / keep the tier).</param>
/// <remarks>Who decides is not in the body: it is the staff member the caller's credential identifies.</remarks>
public sealed record StaffDecisionRequest(bool? Approve, string? Comment);

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
/// <c>POST staff/approvals/{approvalId}/decision</c>: program staff answer an approval request by id. The answer
/// takes the same path as one from the email link's confirmation page (<see cref="ApprovalDecider"/>): the request row
/// is decided with its ETag first, so of two concurrent answers exactly one wins, then it is handed on.
/// </summary>
public sealed class StaffApprovalHandlers(IApprovalRepository approvals, ApprovalDecider decider)
{
    private const int MaxCommentLength = 2000;

    /// <summary>
    /// 200 with what was decided; 400 bad body; 404 unknown request; 409 already decided, expired or nothing waiting.
    /// <paramref name="staffId"/> is the staff member the route's staff check identified (<see cref="ApprovalRoutes"/>).
    /// </summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string approvalId, string staffId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(staffId);
        ArgumentNullException.ThrowIfNull(client);
        var invalid = ApiIds.Validate(("approvalId", approvalId));
        if (invalid is not null)
        {
            return invalid;
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

        var approval = await approvals.GetAsync(approvalId, cancellationToken);
        if (approval is null)
        {
            return ApiProblems.NotFound($"Approval request '{approvalId}' does not exist.");
        }

        var comment = string.IsNullOrWhiteSpace(body!.Comment) ? null : body.Comment.Trim();
        var outcome = await decider.DecideAsync(approval, body.Approve!.Value, staffId, comment, client, cancellationToken);
        return outcome.State switch
        {
            ApprovalDecisionState.Decided => ApiResults.Ok(outcome.Decision!),
            ApprovalDecisionState.NoActiveDefinition => ApiProblems.NoActiveDefinition(),
            ApprovalDecisionState.OwnRequest => ApiProblems.Problem(StatusCodes.Status403Forbidden, "own-request", "A second approver is needed.", outcome.Detail),
            _ => ApiProblems.Conflict(outcome.Detail),
        };
    }

    private static List<FieldError> Validate(StaffDecisionRequest body)
    {
        var errors = new List<FieldError>();
        if (body.Approve is null)
        {
            errors.Add(new FieldError("approve", "is required (true to approve, false to reject)"));
        }

        if (body.Comment is { Length: > MaxCommentLength })
        {
            errors.Add(new FieldError("comment", $"must be at most {MaxCommentLength} characters"));
        }

        return errors;
    }
}
