using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// An evidence document opened in the browser. Only the upload allow-list's types (PDF, PNG, JPEG) open inline;
/// anything else downloads. nosniff and a CSP sandbox (no script, nothing loaded from elsewhere) keep a crafted file
/// from running in our origin; no-store because the evidence is personal data.
/// </summary>
public sealed class InlineDocument(ReadOnlyMemory<byte> content, string contentType, string fileName) : IResult, IStatusCodeHttpResult
{
    /// <summary>The types a browser shows itself (the default upload allow-list).</summary>
    private static readonly string[] Viewable = ["application/pdf", "image/png", "image/jpeg"];

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var viewable = Viewable.Contains(contentType, StringComparer.OrdinalIgnoreCase);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = viewable ? contentType : "application/octet-stream";
        response.ContentLength = content.Length;
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";
        var safeName = new string(fileName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').ToArray());
        headers.ContentDisposition = (viewable ? "inline" : "attachment") + "; filename=\"" + (safeName.Length == 0 ? "document" : safeName) + "\"";
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
