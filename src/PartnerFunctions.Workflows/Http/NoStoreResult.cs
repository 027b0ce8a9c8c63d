using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace PartnerFunctions.Workflows.Http;

/// <summary>A response that must not be cached anywhere (e.g. one that shows a secret once): adds Cache-Control: no-store.</summary>
public sealed class NoStoreResult(IResult inner) : IResult, IStatusCodeHttpResult
{
    /// <summary>The wrapped result.</summary>
    public IResult Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public int? StatusCode => (Inner as IStatusCodeHttpResult)?.StatusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers[HeaderNames.CacheControl] = "no-store";
        httpContext.Response.Headers[HeaderNames.Pragma] = "no-cache";
        return Inner.ExecuteAsync(httpContext);
    }
}
