using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The console's approvals: the queue (pending, oldest first, with deadline and escalation; decided ones with who,
/// when and comment), one request's page, and its answer form. The answer goes through <see cref="ApprovalDecider"/>,
/// the path of the email link and the staff endpoint, so a request answered one way shows as decided the other.
/// </summary>
public sealed class ApprovalQueueHandlers(IApprovalRepository approvals, ApprovalDecider decider, ApprovalDocuments documents, PageRenderer pages, IOptions<WorkflowOptions> options)
{
    /// <summary>Most requests a queue page lists per state.</summary>
    public const int MaxListed = 200;

    /// <summary>GET staff/approvals.</summary>
    public async Task<IResult> QueueAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var all = await approvals.ListAsync(null, 5000, call.CancellationToken);
        var pending = all.Where(a => a.Status == ApprovalStatus.Pending).Take(MaxListed).ToArray();
        var decided = all.Where(a => a.Status != ApprovalStatus.Pending)
            .OrderByDescending(a => a.DecidedAt ?? a.RequestedAt)
            .Take(MaxListed)
            .ToArray();
        return await pages.RenderAsync<ApprovalQueuePage>(new Dictionary<string, object?>
        {
            [nameof(ApprovalQueuePage.Context)] = call.Page,
            [nameof(ApprovalQueuePage.Pending)] = pending,
            [nameof(ApprovalQueuePage.Decided)] = decided,
            [nameof(ApprovalQueuePage.EscalationApprover)] = options.Value.EscalationApproverEmail,
        });
    }

    /// <summary>GET staff/approvals/{approvalId}.</summary>
    public async Task<IResult> ShowAsync(RouteCall call) => await ShowAsync(call, StatusCodes.Status200OK, null);

    /// <summary>POST staff/approvals/{approvalId} (form: decision approve|reject, comment).</summary>
    public async Task<IResult> AnswerAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var approval = await FindAsync(call);
        if (approval is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var decision = PageForms.Field(form, ApprovalLinkHandlers.DecisionField);
        var comment = PageForms.Field(form, ApprovalLinkHandlers.CommentField);
        if (decision is not (ApprovalLinkHandlers.Approve or ApprovalLinkHandlers.Reject))
        {
            return await ShowAsync(call, StatusCodes.Status400BadRequest, "Choose Approve or Reject.");
        }

        if (comment is { Length: > ApprovalLinkHandlers.MaxCommentLength })
        {
            return await ShowAsync(call, StatusCodes.Status400BadRequest, $"The comment is too long (at most {ApprovalLinkHandlers.MaxCommentLength} characters).");
        }

        var outcome = await decider.DecideAsync(approval, decision == ApprovalLinkHandlers.Approve, call.StaffId, comment, call.Client, call.CancellationToken);
        return outcome.State == ApprovalDecisionState.Decided
            ? new PageRedirect("/staff/approvals/" + Uri.EscapeDataString(approval.ApprovalId) + "?answered=1")
            : await ShowAsync(call, StatusCodes.Status409Conflict, outcome.Detail);
    }

    private async Task<IResult> ShowAsync(RouteCall call, int status, string? error)
    {
        ArgumentNullException.ThrowIfNull(call);
        var approval = await FindAsync(call);
        if (approval is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        // Whether an answer could be recorded now (reads only), so the form is offered only when it can work.
        var blocked = approval.Status == ApprovalStatus.Pending
            ? ApprovalDecider.OwnRequest(approval, call.StaffId) ?? await decider.CheckAsync(approval, call.Client, call.CancellationToken)
            : null;
        return await pages.RenderAsync<ApprovalDetailPage>(status, new Dictionary<string, object?>
        {
            [nameof(ApprovalDetailPage.Context)] = call.Page,
            [nameof(ApprovalDetailPage.Approval)] = approval,
            [nameof(ApprovalDetailPage.Blocked)] = blocked?.Detail,
            [nameof(ApprovalDetailPage.Error)] = error,
            [nameof(ApprovalDetailPage.Answered)] = call.Request.Query.ContainsKey("answered"),
            [nameof(ApprovalDetailPage.Documents)] = await documents.ListAsync(approval, call.CancellationToken),
        });
    }

    /// <summary>GET staff/approvals/{approvalId}/documents/{documentId}: the evidence document, inline.</summary>
    public async Task<IResult> DocumentAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var approval = await FindAsync(call);
        var documentId = call.Value("documentId");
        var file = approval is null ? null : await documents.ReadAsync(approval, documentId, call.CancellationToken);
        return file is null ? await PageAccess.NotFoundAsync(pages, call.Page) : new InlineDocument(file.Content, file.ContentType, documentId);
    }

    /// <summary>The console's link to a request's document.</summary>
    public static string DocumentPath(string approvalId, string documentId) =>
        "/staff/approvals/" + Uri.EscapeDataString(approvalId) + "/documents/" + Uri.EscapeDataString(documentId);

    private async Task<ApprovalRequest?> FindAsync(RouteCall call)
    {
        var id = call.Value("approvalId");
        return ApiIds.Validate(("approvalId", id)) is null ? await approvals.GetAsync(id, call.CancellationToken) : null;
    }
}
