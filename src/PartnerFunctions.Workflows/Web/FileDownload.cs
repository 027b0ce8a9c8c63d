using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// A file a console page hands out (a run's report, an audit export) with the pages' headers (no-store) and a name;
/// JSON and CSV open in the browser's viewer, and "save as" keeps the name.
/// </summary>
public sealed class FileDownload(ReadOnlyMemory<byte> content, string contentType, string fileName) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string? ContentType => contentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        PageResult.ApplySecurityHeaders(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers.ContentDisposition = "inline; filename=\"" + fileName.Replace("\"", string.Empty, StringComparison.Ordinal) + "\"";
        await response.Body.WriteAsync(content, httpContext.RequestAborted);
    }
}
