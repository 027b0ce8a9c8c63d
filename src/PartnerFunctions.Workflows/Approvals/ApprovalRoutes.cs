using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The approval routes (under /api): the staff decision, and the email link's page (GET and HEAD show it and change
/// nothing, POST answers; one operation per method). The link's token is the authority, checked by its handler.
/// </summary>
public static class ApprovalRoutes
{
    public const string Decision = "staff/approvals/{approvalId}/decision";
    public const string Link = ApprovalLinks.ConfirmationRoute;
    public const string LinkDocuments = ApprovalLinks.DocumentsRoute;

    public const string QueuePage = "staff/approvals";
    public const string RequestPage = "staff/approvals/{approvalId}";
    public const string DocumentPage = "staff/approvals/{approvalId}/documents/{documentId}";

    private const string Tag = "approvals";

    public static readonly ApiRoute DecideApproval = new(
        nameof(DecideApproval), "POST", Decision, RouteAudience.Staff, Tag, "Answer an approval request",
        call => call.Service<StaffApprovalHandlers>().DecideAsync(call.Request, call.Value("approvalId"), call.StaffId, call.Client, call.CancellationToken));

    public static readonly ApiRoute ShowApprovalLink = new(
        nameof(ShowApprovalLink), "GET", Link, RouteAudience.ApprovalLinkToken, Tag, "Approval link: confirmation page",
        call => call.Service<ApprovalLinkHandlers>().ShowAsync(call.Request, call.Value("approvalId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute CheckApprovalLink = new(
        nameof(CheckApprovalLink), "HEAD", Link, RouteAudience.ApprovalLinkToken, Tag, "Approval link: headers of the confirmation page",
        call => call.Service<ApprovalLinkHandlers>().ShowAsync(call.Request, call.Value("approvalId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute AnswerApprovalLink = new(
        nameof(AnswerApprovalLink), "POST", Link, RouteAudience.ApprovalLinkToken, Tag, "Approval link: answer the request",
        call => call.Service<ApprovalLinkHandlers>().AnswerAsync(call.Request, call.Value("approvalId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute OpenApprovalLinkDocument = new(
        nameof(OpenApprovalLinkDocument), "POST", LinkDocuments, RouteAudience.ApprovalLinkToken, Tag, "Approval link: open an evidence document of the request",
        call => call.Service<ApprovalLinkHandlers>().DocumentAsync(call.Request, call.Value("approvalId"), call.Client, call.CancellationToken))
    {
        Audited = false, // a POST so the token stays out of the URL; it only reads
    };

    public static readonly ApiRoute ShowApprovalQueue = new(
        nameof(ShowApprovalQueue), "GET", QueuePage, RouteAudience.StaffPage, Tag, "Console: the approvals queue",
        call => call.Service<ApprovalQueueHandlers>().QueueAsync(call));

    public static readonly ApiRoute ShowApprovalRequest = new(
        nameof(ShowApprovalRequest), "GET", RequestPage, RouteAudience.StaffPage, Tag, "Console: one approval request",
        call => call.Service<ApprovalQueueHandlers>().ShowAsync(call));

    public static readonly ApiRoute AnswerApprovalRequest = new(
        nameof(AnswerApprovalRequest), "POST", RequestPage, RouteAudience.StaffPage, Tag, "Console: answer an approval request",
        call => call.Service<ApprovalQueueHandlers>().AnswerAsync(call));

    public static readonly ApiRoute ShowApprovalDocument = new(
        nameof(ShowApprovalDocument), "GET", DocumentPage, RouteAudience.StaffPage, Tag, "Console: an evidence document of an approval request",
        call => call.Service<ApprovalQueueHandlers>().DocumentAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
        [DecideApproval, ShowApprovalLink, CheckApprovalLink, AnswerApprovalLink, OpenApprovalLinkDocument, ShowApprovalQueue, ShowApprovalRequest, AnswerApprovalRequest, ShowApprovalDocument];
}
