using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.ApiReference;

/// <summary>
/// Renders the embedded OpenAPI document (<see cref="OpenApiRoutes"/>) as pages: no script, no CDN, so it works
/// offline and under the pages' CSP. Public like the document itself; the layout shows the signed-in navigation.
/// </summary>
public sealed class ApiReferenceHandlers(PageRenderer pages)
{
    private static readonly Lazy<ApiReferenceDocument> Document = new(() => ApiReferenceReader.Read(OpenApiRoutes.Json));

    /// <summary>GET api-reference.</summary>
    public Task<IResult> OverviewAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RenderAsync(call, null);
    }

    /// <summary>GET api-reference/{tag}.</summary>
    public async Task<IResult> TagAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var tag = Document.Value.Tags.FirstOrDefault(t => string.Equals(t.Name, call.Value("tag"), StringComparison.Ordinal));
        return tag is null ? await PageAccess.NotFoundAsync(pages, call.Page) : await RenderAsync(call, tag);
    }

    /// <summary>The page of a tag.</summary>
    public static string PathOf(string tag) => "/" + ApiReferenceRoutes.Overview + "/" + Uri.EscapeDataString(tag);

    private Task<IResult> RenderAsync(RouteCall call, ApiReferenceTag? tag) =>
        pages.RenderAsync<ApiReferencePage>(new Dictionary<string, object?>
        {
            [nameof(ApiReferencePage.Context)] = call.Page,
            [nameof(ApiReferencePage.Document)] = Document.Value,
            [nameof(ApiReferencePage.Tag)] = tag,
        });
}
