using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// GET staff/partners/{partnerId}/references/{referenceId}/documents/{documentId} (the console) and
/// partner/{partnerId}/evidence/references/{referenceId}/documents/{documentId} (the partner's own): a reference's
/// evidence document, opened inline in the session (no Bearer header). Only a document the reference lists is served.
/// </summary>
public sealed class ReferenceDocumentHandlers(IPartnerRepository partners, IEvidenceDocumentStore documents, PageRenderer pages)
{
    /// <summary>The page path of a document.</summary>
    public static string PathOf(string partnerId, string referenceId, string documentId) =>
        $"{PartnerDetailView.PathOf(partnerId)}/references/{Uri.EscapeDataString(referenceId)}/documents/{Uri.EscapeDataString(documentId)}";

    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (partnerId, referenceId, documentId) = (call.Value(ApiRoute.PartnerIdParameter), call.Value("referenceId"), call.Value("documentId"));
        var reference = ApiIds.IsValid(partnerId) && ApiIds.IsValid(referenceId) && ApiIds.IsValid(documentId)
            ? await partners.GetReferenceAsync(partnerId, referenceId, call.CancellationToken)
            : null;
        var name = reference?.DocumentNames.FirstOrDefault(n => string.Equals(PartnerDetailHandlers.DocumentId(n), documentId, StringComparison.Ordinal));
        var file = name is null ? null : await documents.DownloadAsync(name, call.CancellationToken);
        return file is null
            ? await PageAccess.NotFoundAsync(pages, call.Page)
            : new InlineDocumentResult(file.Content, file.ContentType, documentId);
    }
}

/// <summary>
/// A stored document shown inline, unable to act as a page of this site: its stored content type with nosniff, not
/// cached, never framed, and a Content-Security-Policy that runs no script. Every type but PDF is also sandboxed (an
/// HTML or SVG document then has a unique origin and no script, forms or plugins); PDF keeps only the browser's
/// viewer (a sandboxed document cannot show it), with nothing else allowed.
/// </summary>
public sealed class InlineDocumentResult(ReadOnlyMemory<byte> content, string contentType, string fileName) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>The policy of a sandboxed document.</summary>
    public const string SandboxedPolicy = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The policy of a PDF (the browser's viewer, nothing of the document's own).</summary>
    public const string PdfPolicy = "default-src 'none'; object-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    /// <inheritdoc />
    public string ContentType { get; } = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Trim();

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        PageResult.ApplySecurityHeaders(response);
        var isPdf = ContentType.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase);
        response.Headers.ContentSecurityPolicy = isPdf ? PdfPolicy : SandboxedPolicy;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = content.Length;
        response.Headers.ContentDisposition = "inline; filename=\"" + new string(fileName.Where(char.IsAsciiLetterOrDigit).ToArray()) + "\"";
        if (!HttpMethods.IsHead(httpContext.Request.Method))
        {
            await response.Body.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
