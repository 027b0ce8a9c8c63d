using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>The console's duplicates page and its resolve form.</summary>
public sealed class DuplicatePageHandlers(DuplicateReferences duplicates, DuplicatePeople people, PageRenderer pages)
{
    /// <summary>GET staff/duplicates.</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await pages.RenderAsync<DuplicatesPage>(new Dictionary<string, object?>
        {
            [nameof(DuplicatesPage.Context)] = call.Page,
            [nameof(DuplicatesPage.List)] = await duplicates.LatestAsync(call.CancellationToken),
            [nameof(DuplicatesPage.Resolved)] = call.Request.Query["resolved"].ToString() is { Length: > 0 } resolved ? resolved : null,
        });
    }

    /// <summary>POST staff/duplicates/resolve (fields key, keeper, and kind "person" for a person).</summary>
    public async Task<IResult> ResolveAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var key = PageForms.Field(form, "key");
        var keeper = PageForms.Field(form, "keeper");
        var person = PageForms.Field(form, "kind") == DuplicateHandlers.PersonKind;
        var outcome = key is null || keeper is null
            ? DuplicateResolution.UnknownDuplicate
            : person
                ? await people.ResolveAsync(key, keeper, call.Session!.StaffId!, call.CancellationToken)
                : await duplicates.ResolveAsync(key, keeper, call.Session!.StaffId!, call.CancellationToken);
        return outcome == DuplicateResolution.Resolved
            ? new PageRedirect("/" + DuplicateRoutes.Page + (person ? "?resolved=person" : "?resolved=1"))
            : await pages.MessageAsync(StatusCodes.Status400BadRequest, call.Page, "Not resolved", person
                ? "Choose which partner keeps the person, among those that still count them. Nothing was changed."
                : "Choose which partner keeps the reference, among those that claim it. Nothing was changed.");
    }
}
