using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The HTML pages of an approval link (confirmation, result, refusals): plain English, accessible, no scripts. Every
/// value shown is HTML-encoded; the only secret on a page is the token in the confirmation form's hidden field.
/// </summary>
public static class ApprovalPages
{
    /// <summary>The pages' only style sheet, inline and allowed by its hash in the Content-Security-Policy.</summary>
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}" +
        "textarea{width:100%;box-sizing:border-box}button{font-size:1rem;padding:.5rem 1.25rem;margin:.75rem .75rem 0 0}";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>The Content-Security-Policy of every approval page: nothing but the inline style and a form posting back to us.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>200: the request's summary and the Approve / Reject form, which POSTs the token in a hidden field to <paramref name="actionUrl"/>.</summary>
    public static IResult Confirmation(ApprovalRequest approval, string token, string actionUrl, IReadOnlyList<ApprovalDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentException.ThrowIfNullOrEmpty(actionUrl);
        var (approveMeans, rejectMeans) = Meanings(approval.Kind);
        var body = new StringBuilder()
            .Append("<h1>").Append(E(Title(approval.Kind))).Append("</h1>")
            .Append("<p>Please check the request below, then approve or reject it. Nothing has been decided yet.</p>")
            .Append(Summary(approval))
            .Append(Documents(documents, token, actionUrl + "/documents"))
            .Append("<form method=\"post\" action=\"").Append(E(actionUrl)).Append("\">")
            .Append("<input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">")
            .Append("<p><label for=\"comment\">Comment (optional)</label><br>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" maxlength=\"").Append(ApprovalLinkHandlers.MaxCommentLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></p>")
            .Append("<p id=\"meaning\">Approve: ").Append(E(approveMeans)).Append(". Reject: ").Append(E(rejectMeans)).Append(".</p>")
            .Append("<button type=\"submit\" name=\"decision\" value=\"approve\" aria-describedby=\"meaning\">Approve</button>")
            .Append("<button type=\"submit\" name=\"decision\" value=\"reject\" aria-describedby=\"meaning\">Reject</button>")
            .Append("</form>");
        return Page(StatusCodes.Status200OK, Title(approval.Kind), body.ToString());
    }

    /// <summary>200: what the answer did.</summary>
    public static IResult Decided(ApprovalRequest approval, StaffDecisionResponse decision)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(decision);
        var approved = decision.Status == ApprovalStatus.Approved;
        var what = approval.Kind switch
        {
            ApprovalKinds.Reference => approved
                ? "The customer reference is validated; the partner's certification continues with it."
                : "The customer reference is rejected; the partner's certification continues without it.",
            ApprovalKinds.Downgrade => decision.TierChange switch
            {
                TierChangeKind.Downgraded => $"The downgrade is applied: the partner's tier is now {decision.Tier}.",
                TierChangeKind.DowngradeWaived => $"The downgrade is waived: the partner keeps the {decision.Tier} tier for a grace period.",
                _ => $"The decision is recorded; the partner's tier is {decision.Tier}.",
            },
            _ => "The decision is recorded.",
        };
        var title = approved ? "Approved" : "Rejected";
        var body = new StringBuilder()
            .Append("<h1>").Append(title).Append("</h1>")
            .Append("<p role=\"status\">").Append(E(what)).Append("</p>")
            .Append(Summary(approval))
            .Append("<dl><dt>Decided by</dt><dd>").Append(E(decision.DecidedBy)).Append("</dd>")
            .Append("<dt>Decided on</dt><dd>").Append(E(ApprovalPayloads.FormatUtc(decision.DecidedAt))).Append("</dd></dl>")
            .Append("<p>You can close this page. This link cannot be used again.</p>");
        return Page(StatusCodes.Status200OK, title, body.ToString());
    }

    /// <summary>404: unknown request, or a token that is not this request's (the page does not say which).</summary>
    public static IResult NotFound() =>
        Message(StatusCodes.Status404NotFound, "Link not valid", "This approval link is not valid. Check that you opened the whole link from the email. Nothing was changed.");

    /// <summary>The page for a request that cannot be answered (409 already used or nothing waiting, 410 expired).</summary>
    public static IResult Refused(ApprovalDecisionOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.State switch
        {
            ApprovalDecisionState.AlreadyAnswered => Message(StatusCodes.Status409Conflict, "Already answered", "This approval request has already been answered, so this link cannot be used again. Nothing was changed."),
            ApprovalDecisionState.Closed or ApprovalDecisionState.Expired => Message(StatusCodes.Status410Gone, "Link expired", "This approval link has expired. Nothing was changed. If a decision is still needed, a new request will be sent or program staff can decide it directly."),
            ApprovalDecisionState.NoActiveDefinition => Message(StatusCodes.Status409Conflict, "Cannot be decided now", "The program rules needed to apply this decision are not active at the moment. Nothing was changed; please try again later."),
            _ => Message(StatusCodes.Status409Conflict, "Nothing to decide", "Nothing is waiting for this answer any more (the workflow that asked for it has finished or the decision was taken elsewhere). Nothing was changed."),
        };
    }

    /// <summary>A page with a title and one paragraph (e.g. 400 for a malformed form).</summary>
    public static IResult Message(int statusCode, string title, string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(title);
        ArgumentException.ThrowIfNullOrEmpty(message);
        return Page(statusCode, title, $"<h1>{E(title)}</h1><p>{E(message)}</p>");
    }

    /// <summary>Applies the headers every response of the approval link carries (pages and 429s alike).</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["X-Robots-Tag"] = "noindex, nofollow";
    }

    /// <summary>Wraps any result (e.g. a 429 problem) so that it carries the approval link's security headers too.</summary>
    public static IResult Secured(IResult inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return inner is HtmlPage ? inner : new SecuredResult(inner);
    }

    private static string Title(string kind) => kind switch
    {
        ApprovalKinds.Reference => "Validate a customer reference",
        ApprovalKinds.Downgrade => "Decide on a tier downgrade",
        _ => "Approval request",
    };

    private static (string Approve, string Reject) Meanings(string kind) => kind switch
    {
        ApprovalKinds.Reference => ("the reference counts toward the competency", "the reference does not count"),
        ApprovalKinds.Downgrade => ("the partner is moved to the lower tier now", "the partner keeps its tier for a grace period"),
        _ => ("the request is granted", "the request is refused"),
    };

    // Each evidence document opens in a new tab through a form that posts the token (never a URL carrying it).
    private static string Documents(IReadOnlyList<ApprovalDocument> documents, string token, string documentsUrl)
    {
        if (documents.Count == 0)
        {
            return "";
        }

        var html = new StringBuilder("<h2>Evidence documents</h2><p>Read them before you decide (each opens in a new tab).</p><ul>");
        foreach (var document in documents)
        {
            html.Append("<li><form method=\"post\" target=\"_blank\" action=\"").Append(E(documentsUrl)).Append("\">")
                .Append("<input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">")
                .Append("<button type=\"submit\" name=\"document\" value=\"").Append(E(document.DocumentId)).Append("\">Open ")
                .Append(E(DocumentLabel(document))).Append("</button></form></li>");
        }

        return html.Append("</ul>").ToString();
    }

    /// <summary>"contract.pdf (PDF, 12 KB)".</summary>
    public static string DocumentLabel(ApprovalDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var kind = document.ContentType switch
        {
            "application/pdf" => "PDF",
            "image/png" => "PNG image",
            "image/jpeg" => "JPEG image",
            _ => document.ContentType,
        };
        var size = document.Length < 1024 ? $"{document.Length} bytes" : $"{Math.Ceiling(document.Length / 1024m):0} KB";
        return string.Create(CultureInfo.InvariantCulture, $"{document.DocumentId} ({kind}, {size})");
    }

    private static string Summary(ApprovalRequest approval)
    {
        var html = new StringBuilder("<dl>");
        foreach (var (term, value) in SummaryRows(approval))
        {
            html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
        }

        return html.Append("</dl>").ToString();
    }

    /// <summary>What a request is about, as term and value pairs (the email page and the console show the same).</summary>
    public static IReadOnlyList<(string Term, string Value)> SummaryRows(ApprovalRequest approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        var rows = new List<(string Term, string Value)>();
        switch (approval.Kind)
        {
            case ApprovalKinds.Reference when ApprovalPayloads.Deserialize<ReferenceApprovalPayload>(approval.PayloadJson) is { } reference:
                rows.Add(("Partner", $"{reference.PartnerName} ({reference.PartnerId})"));
                rows.Add(("Competency", $"{reference.CompetencyName} ({reference.CompetencyId})"));
                rows.Add(("Customer", reference.CustomerName));
                rows.Add(("Customer market", ProgramDefinitionLoader.MarketName(reference.CustomerMarket)));
                rows.Add(("Customer satisfaction", reference.Satisfaction is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " / 5" : "not measured"));
                rows.Add(("Reference", reference.ReferenceId));
                break;
            case ApprovalKinds.Downgrade when ApprovalPayloads.Deserialize<DowngradeApprovalPayload>(approval.PayloadJson) is { } downgrade:
                rows.Add(("Partner", $"{downgrade.PartnerName} ({downgrade.PartnerId})"));
                rows.Add(("Current tier", downgrade.FromTier.ToString()));
                rows.Add(("Tier the evidence supports", downgrade.PendingTier.ToString()));
                rows.Add(("Reason", downgrade.Reason));
                rows.Add(("Program rules", downgrade.DefinitionVersion));
                break;
            default:
                rows.Add(("Kind", approval.Kind));
                if (approval.PartnerId is not null)
                {
                    rows.Add(("Partner", approval.PartnerId));
                }

                break;
        }

        rows.Add(("Addressed to", approval.Approver));
        rows.Add(("Requested on", ApprovalPayloads.FormatUtc(approval.RequestedAt)));
        rows.Add(("Link valid until", ApprovalPayloads.FormatUtc(approval.ExpiresAt)));
        return rows;
    }

    /// <summary>The page title of a request's kind.</summary>
    public static string TitleOf(string kind) => Title(kind);

    private static string E(string value) => Html.Encode(value);

    private static HtmlPage Page(int statusCode, string title, string bodyHtml) => new(
        statusCode,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">" +
        $"<meta name=\"robots\" content=\"noindex, nofollow\"><title>{E(title)} - Partner program</title><style>{Style}</style></head>" +
        $"<body><main>{bodyHtml}</main></body></html>");

    /// <summary>An HTML page with the security headers; a HEAD request gets the headers and length without the body.</summary>
    public sealed class HtmlPage(int statusCode, string html) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        /// <inheritdoc />
        public int? StatusCode { get; } = statusCode;

        /// <inheritdoc />
        public string ContentType => "text/html; charset=utf-8";

        /// <summary>The page's markup.</summary>
        public string Html { get; } = html;

        /// <inheritdoc />
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            ApplySecurityHeaders(response);
            response.StatusCode = StatusCode!.Value;
            response.ContentType = ContentType;
            var bytes = Encoding.UTF8.GetBytes(Html);
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
            }
        }
    }

    private sealed class SecuredResult(IResult inner) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            ApplySecurityHeaders(httpContext.Response);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
