using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The approval link's pages (confirmation, result, refusals), rendered from Razor components (every value encoded)
/// and answered with the link's own headers (<see cref="ApprovalPages.ApplySecurityHeaders"/>). Plain English: the
/// approver is program staff.
/// </summary>
public sealed class ApprovalLinkPages(PageRenderer renderer)
{
    /// <summary>200: the request's summary, its documents and the Approve / Reject form posting to <paramref name="actionUrl"/>.</summary>
    public async Task<IResult> ConfirmationAsync(ApprovalRequest approval, string token, string actionUrl, IReadOnlyList<ApprovalDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(actionUrl);
        ArgumentNullException.ThrowIfNull(documents);
        return await PageAsync<ApprovalLinkConfirmPage>(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            [nameof(ApprovalLinkConfirmPage.Approval)] = approval,
            [nameof(ApprovalLinkConfirmPage.Token)] = token,
            [nameof(ApprovalLinkConfirmPage.ActionUrl)] = actionUrl,
            [nameof(ApprovalLinkConfirmPage.Documents)] = documents,
        });
    }

    /// <summary>200: what the answer did.</summary>
    public async Task<IResult> DecidedAsync(ApprovalRequest approval, StaffDecisionResponse decision)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(decision);
        return await PageAsync<ApprovalLinkDecidedPage>(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            [nameof(ApprovalLinkDecidedPage.Approval)] = approval,
            [nameof(ApprovalLinkDecidedPage.Decision)] = decision,
        });
    }

    /// <summary>404: unknown request, or a token that is not this request's (the page does not say which).</summary>
    public Task<IResult> NotFoundAsync() =>
        MessageAsync(StatusCodes.Status404NotFound, "Link not valid", "This approval link is not valid. Check that you opened the whole link from the email. Nothing was changed.");

    /// <summary>The page for a request that cannot be answered (409 already used or nothing waiting, 410 expired).</summary>
    public Task<IResult> RefusedAsync(ApprovalDecisionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.State switch
        {
            ApprovalDecisionState.AlreadyAnswered => MessageAsync(StatusCodes.Status409Conflict, "Already answered", "This approval request has already been answered, so this link cannot be used again. Nothing was changed."),
            ApprovalDecisionState.Closed or ApprovalDecisionState.Expired => MessageAsync(StatusCodes.Status410Gone, "Link expired", "This approval link has expired. Nothing was changed. If a decision is still needed, a new request will be sent or program staff can decide it directly."),
            ApprovalDecisionState.NoActiveDefinition => MessageAsync(StatusCodes.Status409Conflict, "Cannot be decided now", "The program rules needed to apply this decision are not active at the moment. Nothing was changed; please try again later."),
            _ => MessageAsync(StatusCodes.Status409Conflict, "Nothing to decide", "Nothing is waiting for this answer any more (the workflow that asked for it has finished or the decision was taken elsewhere). Nothing was changed."),
        };
    }

    /// <summary>A page with a title and one paragraph (e.g. 400 for a malformed form).</summary>
    public async Task<IResult> MessageAsync(int statusCode, string title, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return await PageAsync<ApprovalLinkMessagePage>(statusCode, new Dictionary<string, object?>
        {
            [nameof(ApprovalLinkMessagePage.Title)] = title,
            [nameof(ApprovalLinkMessagePage.Message)] = message,
        });
    }

    private async Task<IResult> PageAsync<TPage>(int statusCode, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent =>
        new ApprovalPages.HtmlPage(statusCode, await renderer.RenderHtmlAsync<TPage>(parameters));
}
