using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>The pages' style sheet and script (embedded, served by both hosts; no CDN, works offline).</summary>
public static class StaticAssetRoutes
{
    public const string Stylesheet = "static/site.css";
    public const string Script = "static/app.js";

    private const string Tag = "pages";

    private static readonly byte[] Css = Read("site.css");
    private static readonly byte[] Js = Read("app.js");

    public static readonly ApiRoute GetStylesheet = new(
        nameof(GetStylesheet), "GET", Stylesheet, RouteAudience.PublicPage, Tag, "The pages' style sheet",
        _ => Task.FromResult<IResult>(new AssetResult(Css, "text/css; charset=utf-8")));

    public static readonly ApiRoute GetScript = new(
        nameof(GetScript), "GET", Script, RouteAudience.PublicPage, Tag, "The pages' script",
        _ => Task.FromResult<IResult>(new AssetResult(Js, "text/javascript; charset=utf-8")));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [GetStylesheet, GetScript];

    private static byte[] Read(string name)
    {
        using var stream = typeof(StaticAssetRoutes).Assembly.GetManifestResourceStream("PartnerFunctions.Workflows.Web.Assets." + name)
            ?? throw new InvalidOperationException($"The embedded asset '{name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class AssetResult(byte[] content, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            response.Headers.CacheControl = "public, max-age=300";
            response.Headers.XContentTypeOptions = "nosniff";
            await response.Body.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
