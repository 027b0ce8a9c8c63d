using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.TierOverrides;

/// <summary>The console's override forms on the partner page: back to the page when done, a message page naming what to fix otherwise.</summary>
public sealed class OverridePageHandlers(OverrideRequests requests, PageRenderer pages)
{
    /// <summary>POST staff/partners/{partnerId}/tier-override (form fields tier, reason, endsOn).</summary>
    public async Task<IResult> RequestAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var tierText = PageForms.Field(form, "tier");
        Tier? tier = Enum.TryParse<Tier>(tierText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(tierText, out _) ? parsed : null;
        var body = new TierOverrideRequest(tier, PageForms.Field(form, "reason"), PageForms.Field(form, "endsOn"));
        var result = ApiIds.IsValid(partnerId)
            ? await requests.RequestAsync(partnerId, body, call.Session!.StaffId!, call.CancellationToken)
            : new OverrideResult(OverrideOutcome.UnknownPartner, []);
        return result.Outcome switch
        {
            OverrideOutcome.Requested => new PageRedirect(PartnerPath(partnerId) + "?override=requested"),
            OverrideOutcome.UnknownPartner => await PageAccess.NotFoundAsync(pages, call.Page),
            _ => await pages.MessageAsync(
                StatusCodes.Status400BadRequest,
                call.Page,
                "Override not requested",
                "Nothing was requested: " + string.Join("; ", result.Errors.Select(e => FieldName(e.Field) + " " + e.Message)) + ". Go back to the partner's page to correct it."),
        };
    }

    /// <summary>POST staff/partners/{partnerId}/tier-override/revoke.</summary>
    public async Task<IResult> RevokeAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var result = ApiIds.IsValid(partnerId)
            ? await requests.RevokeAsync(partnerId, call.Session!.StaffId!, call.CancellationToken)
            : new OverrideResult(OverrideOutcome.UnknownPartner, []);
        return result.Outcome switch
        {
            OverrideOutcome.Revoked => new PageRedirect(PartnerPath(partnerId) + "?override=revoked"),
            OverrideOutcome.UnknownPartner => await PageAccess.NotFoundAsync(pages, call.Page),
            OverrideOutcome.NoActiveDefinition => await pages.MessageAsync(StatusCodes.Status409Conflict, call.Page, "Override not revoked", "No program definition is active: nothing was revoked."),
            _ => await pages.MessageAsync(StatusCodes.Status409Conflict, call.Page, "Override not revoked", "This partner has no tier override in force: nothing was revoked."),
        };
    }

    private static string PartnerPath(string partnerId) => "/staff/partners/" + Uri.EscapeDataString(partnerId);

    private static string FieldName(string field) => field switch
    {
        "tier" => "Tier:",
        "reason" => "Reason:",
        "endsOn" => "End date:",
        _ => field + ":",
    };
}
