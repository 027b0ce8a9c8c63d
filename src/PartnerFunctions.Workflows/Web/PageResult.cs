using System.Text;
using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// An HTML page with the pages' security headers: no caching (pages show personal data), a Content-Security-Policy
/// allowing only our own style sheet and script (no inline script), no framing, no referrer. A HEAD request gets the
/// headers and length without the body.
/// </summary>
public sealed class PageResult(int statusCode, string html) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <summary>The policy of every page.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <inheritdoc />
    public int? StatusCode { get; } = statusCode;

    /// <inheritdoc />
    public string ContentType => "text/html; charset=utf-8";

    /// <summary>The page's markup.</summary>
    public string Html { get; } = html;

    /// <summary>Sets the headers every page and every page redirect carries.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
    }

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

/// <summary>A 303 See Other to a page of ours (after a form, or to sign-in), with the pages' headers.</summary>
public sealed class PageRedirect(string location) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status303SeeOther;

    /// <summary>Where to (a path of this site).</summary>
    public string Location { get; } = location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)
        ? location
        : throw new ArgumentException("A page redirect stays on this site (a path starting with one '/').", nameof(location));

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        PageResult.ApplySecurityHeaders(httpContext.Response);
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
