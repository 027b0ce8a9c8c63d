using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// What the approval link's pages share with the console (a request's title, summary rows, the meaning of each answer,
/// document labels) and the link's security headers. The pages themselves are Razor components rendered by
/// <see cref="ApprovalLinkPages"/>: no session, no script, our own style sheet only.
/// </summary>
public static class ApprovalPages
{
    /// <summary>The Content-Security-Policy of every approval link page: our style sheet and forms posting back to us, no script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>What the answer did, as the result page says it.</summary>
    public static string OutcomeText(string kind, StaffDecisionResponse decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var approved = decision.Status == ApprovalStatus.Approved;
        return kind switch
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
            ApprovalKinds.Override => approved
                ? $"The override is in force: the partner's tier is now {decision.Tier}."
                : "The override is refused: the evidence keeps deciding the partner's tier.",
            _ => "The decision is recorded.",
        };
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
        ApprovalKinds.Override => "Approve a tier override (second approver)",
        _ => "Approval request",
    };

    /// <summary>What approving and rejecting a request of <paramref name="kind"/> mean.</summary>
    public static (string Approve, string Reject) MeaningsOf(string kind) => kind switch
    {
        ApprovalKinds.Reference => ("the reference counts toward the competency", "the reference does not count"),
        ApprovalKinds.Downgrade => ("the partner is moved to the lower tier now", "the partner keeps its tier for a grace period"),
        ApprovalKinds.Override => ("the partner holds the tier asked for until the end date", "nothing changes: the evidence decides"),
        _ => ("the request is granted", "the request is refused"),
    };

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
            case ApprovalKinds.Override when ApprovalPayloads.Deserialize<OverrideApprovalPayload>(approval.PayloadJson) is { } tierOverride:
                rows.Add(("Partner", $"{tierOverride.PartnerName} ({tierOverride.PartnerId})"));
                rows.Add(("Current tier", tierOverride.CurrentTier.ToString()));
                rows.Add(("Tier asked for", tierOverride.OverrideTier.ToString()));
                rows.Add(("Until (last day)", tierOverride.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                rows.Add(("Reason", tierOverride.Reason));
                rows.Add(("Asked for by", tierOverride.RequestedBy + " (who cannot approve it)"));
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

    /// <summary>An approval link page with the link's security headers; a HEAD request gets the headers and length without the body.</summary>
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
