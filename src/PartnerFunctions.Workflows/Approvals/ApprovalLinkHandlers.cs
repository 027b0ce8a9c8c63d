using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The page an approval email's link opens (anonymous: the token is the authority). <c>GET</c>/<c>HEAD</c>
/// <c>approvals/{approvalId}?token=…</c> show the request and an Approve / Reject form and change nothing, so a mail
/// scanner prefetching the link is harmless; <c>POST approvals/{approvalId}</c> (form: token, decision, comment) checks
/// the token and answers through <see cref="ApprovalDecider"/>, the staff endpoint's path, on behalf of the request's
/// approver. An unknown request and a wrong token get the same 404 page; a used link 409, an expired one 410, a request
/// nothing waits for 409; nothing is written on any of them. The token is compared by hash in constant time and never
/// logged (nor is the query string).
/// </summary>
public sealed partial class ApprovalLinkHandlers(
    IApprovalRepository approvals,
    ApprovalDecider decider,
    ApprovalDocuments documents,
    ApprovalLinkPages pages,
    ApiRateLimits rateLimits,
    IOptions<WorkflowOptions> options,
    ILogger<ApprovalLinkHandlers> logger)
{
    /// <summary>Longest comment accepted (as the staff endpoint).</summary>
    public const int MaxCommentLength = 2000;

    /// <summary>Form field carrying the token (hidden field of the confirmation page).</summary>
    public const string TokenField = "token";

    /// <summary>Form field carrying the answer: <see cref="Approve"/> or <see cref="Reject"/>.</summary>
    public const string DecisionField = "decision";

    /// <summary>Form field carrying the optional comment.</summary>
    public const string CommentField = "comment";

    public const string Approve = "approve";

    public const string Reject = "reject";

    /// <summary>The document form's field naming the document to open.</summary>
    public const string DocumentField = "document";

    // A real token is 43 characters (256 bits, base64url); anything much longer is not one and is not even hashed.
    private const int MaxTokenLength = 128;

    // What a hash comparison is made against when the request does not exist, so both cases take the same work.
    private static readonly string NoSuchHash = ApprovalTokens.Hash("no such approval request");

    /// <summary>GET and HEAD: 200 confirmation page; 404 unknown or wrong token; 409 used or nothing waiting; 410 expired. Reads only.</summary>
    public async Task<IResult> ShowAsync(HttpRequest request, string approvalId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var token = request.Query.TryGetValue(ApprovalLinks.TokenParameter, out var values) && values.Count == 1 ? values[0] : null;
        var approval = await FindAsync(approvalId, token, cancellationToken);
        if (approval is null)
        {
            LogLinkNotValid(logger, Shown(approvalId));
            return await pages.NotFoundAsync();
        }

        var refused = await decider.CheckAsync(approval, client, cancellationToken);
        if (refused is not null)
        {
            LogRefused(logger, approval.ApprovalId, refused.State);
            return await pages.RefusedAsync(refused);
        }

        LogShown(logger, approval.ApprovalId);
        var evidence = await documents.ListAsync(approval, cancellationToken);
        return await pages.ConfirmationAsync(approval, token!, ApprovalLinks.ActionUrl(options.Value.PublicBaseUrl, approval.ApprovalId), evidence);
    }

    /// <summary>
    /// POST approvals/{approvalId}/documents (form: token, document): the evidence document, inline, while the request
    /// can still be answered; 404 for an unknown request, token or document. The token travels in the form body, never
    /// in a document's URL. Reads only.
    /// </summary>
    public async Task<IResult> DocumentAsync(HttpRequest request, string approvalId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var limited = rateLimits.TryAcquire(request.HttpContext, ApiRateLimits.Approval, $"{approvalId}|{ApiRateLimits.ClientAddress(request.HttpContext)}");
        if (limited is not null)
        {
            LogRateLimited(logger, Shown(approvalId));
            return ApprovalPages.Secured(limited);
        }

        var (form, formProblem) = await ReadFormAsync(request, [TokenField, DocumentField], cancellationToken);
        if (formProblem is not null)
        {
            return formProblem;
        }

        var approval = await FindAsync(approvalId, Single(form!, TokenField), cancellationToken);
        if (approval is null)
        {
            LogLinkNotValid(logger, Shown(approvalId));
            return await pages.NotFoundAsync();
        }

        var refused = await decider.CheckAsync(approval, client, cancellationToken);
        if (refused is not null)
        {
            return await pages.RefusedAsync(refused);
        }

        var documentId = Single(form!, DocumentField) ?? "";
        var file = await documents.ReadAsync(approval, documentId, cancellationToken);
        return file is null
            ? await pages.MessageAsync(StatusCodes.Status404NotFound, "No such document", "This request's reference has no such document. Nothing was changed.")
            : new InlineDocument(file.Content, file.ContentType, documentId);
    }

    /// <summary>POST (form): 200 result page; 400 malformed form; 404 unknown or wrong token; 409 used or nothing waiting; 410 expired; 415 not a form; 429 too many.</summary>
    public async Task<IResult> AnswerAsync(HttpRequest request, string approvalId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var limited = rateLimits.TryAcquire(request.HttpContext, ApiRateLimits.Approval, $"{approvalId}|{ApiRateLimits.ClientAddress(request.HttpContext)}");
        if (limited is not null)
        {
            LogRateLimited(logger, Shown(approvalId));
            return ApprovalPages.Secured(limited);
        }

        var (form, formProblem) = await ReadFormAsync(request, [TokenField, DecisionField, CommentField], cancellationToken);
        if (formProblem is not null)
        {
            return formProblem;
        }

        var approval = await FindAsync(approvalId, Single(form!, TokenField), cancellationToken);
        if (approval is null)
        {
            LogLinkNotValid(logger, Shown(approvalId));
            return await pages.NotFoundAsync();
        }

        var decision = Single(form!, DecisionField);
        if (decision is not (Approve or Reject))
        {
            return await pages.MessageAsync(StatusCodes.Status400BadRequest, "Choose Approve or Reject", "The form did not say whether to approve or reject. Nothing was changed: go back to the link and press one of the two buttons.");
        }

        var comment = Single(form!, CommentField)?.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            return await pages.MessageAsync(StatusCodes.Status400BadRequest, "Comment too long", $"The comment may be at most {MaxCommentLength} characters. Nothing was changed.");
        }

        AuditScope.Current?.ActingAs("approver:" + approval.Approver);
        var outcome = await decider.DecideAsync(approval, decision == Approve, approval.Approver, string.IsNullOrEmpty(comment) ? null : comment, client, cancellationToken);
        if (outcome.State != ApprovalDecisionState.Decided)
        {
            LogRefused(logger, approval.ApprovalId, outcome.State);
            return await pages.RefusedAsync(outcome);
        }

        LogAnswered(logger, approval.ApprovalId, outcome.Decision!.Status);
        return await pages.DecidedAsync(approval, outcome.Decision);
    }

    // The request, when the id is well-formed, it exists and the token is its own; else null (the caller does not say which).
    private async Task<ApprovalRequest?> FindAsync(string approvalId, string? token, CancellationToken cancellationToken)
    {
        if (!ApiIds.IsValid(approvalId) || string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return null;
        }

        var approval = await approvals.GetAsync(approvalId, cancellationToken);
        var matches = ApprovalTokens.Matches(token, approval?.TokenHash ?? NoSuchHash);
        return approval is not null && matches ? approval : null;
    }

    // A form of the confirmation page: url-encoded, small, only its own fields, each at most once.
    private async Task<(Dictionary<string, StringValues>? Form, IResult? Problem)> ReadFormAsync(HttpRequest request, string[] known, CancellationToken cancellationToken)
    {
        if (!ApiMediaTypes.Is(request.ContentType, "application/x-www-form-urlencoded"))
        {
            return (null, await pages.MessageAsync(StatusCodes.Status415UnsupportedMediaType, "Use the approval page", "Answer an approval request with the buttons of the page its email link opens. Nothing was changed."));
        }

        Dictionary<string, StringValues> form;
        try
        {
            using var reader = new FormReader(request.Body, Encoding.UTF8)
            {
                ValueCountLimit = 8,
                KeyLengthLimit = 32,
                // Limits apply to the encoded text: one UTF-16 character of a comment takes up to 9 bytes ("%E2%82%AC").
                ValueLengthLimit = (MaxCommentLength * 9) + 64,
            };
            form = await reader.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, await MalformedAsync());
        }

        return form.Any(f => !known.Contains(f.Key, StringComparer.Ordinal) || f.Value.Count != 1)
            ? (null, await MalformedAsync())
            : (form, null);
    }

    private Task<IResult> MalformedAsync() =>
        pages.MessageAsync(StatusCodes.Status400BadRequest, "Form not valid", "The form sent is not the one of the approval page (unknown or repeated fields, or too large). Nothing was changed.");

    private static string? Single(Dictionary<string, StringValues> form, string field) =>
        form.TryGetValue(field, out var value) && value.Count == 1 ? value[0] : null;

    // Ids from the route are shown in logs only when well-formed (no control characters or log forging).
    private static string Shown(string approvalId) => ApiIds.IsValid(approvalId) ? approvalId : "(malformed id)";

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval link of request {ApprovalId}: confirmation page shown")]
    private static partial void LogShown(ILogger logger, string approvalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval link of request {ApprovalId}: answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string approvalId, ApprovalStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval link of request {ApprovalId}: refused ({State})")]
    private static partial void LogRefused(ILogger logger, string approvalId, ApprovalDecisionState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval link of request {ApprovalId}: unknown request or wrong token")]
    private static partial void LogLinkNotValid(ILogger logger, string approvalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval link of request {ApprovalId}: rate limited")]
    private static partial void LogRateLimited(ILogger logger, string approvalId);
}
