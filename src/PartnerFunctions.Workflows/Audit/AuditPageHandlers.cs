using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Audit;

/// <summary>
/// The console's audit log: <c>/staff/audit?day=yyyy-MM-dd</c> (today by default) or <c>?partner={id}</c>, 50 lines a
/// page (<c>&amp;after=</c> continues), with the CSV of the whole day or partner.
/// </summary>
public sealed class AuditPageHandlers(AuditReader reader, PageRenderer pages, TimeProvider clock)
{
    public const int PageSize = 50;

    /// <summary>GET staff/audit.</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var query = call.Request.Query;
        var partner = query["partner"].ToString();
        var dayText = query["day"].ToString();
        var after = query["after"].ToString() is { Length: > 0 and <= 2048 } token ? token : null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        string? error = null;
        PagedResult<AuditEntry> page = new([], null);
        DateOnly? day = null;
        if (partner.Length > 0)
        {
            error = ApiIds.IsValid(partner) ? null : "A partner id is 1-64 letters, digits, '.', '_' or '-'.";
        }
        else
        {
            day = dayText.Length == 0 ? today : AuditReader.ParseDay(dayText);
            error = day is null ? "Write the day as yyyy-MM-dd, e.g. " + AuditReader.FormatDay(today) + "." : null;
        }

        if (error is null)
        {
            try
            {
                page = day is { } d
                    ? await reader.DayAsync(d, PageSize, after, call.CancellationToken)
                    : await reader.PartnerAsync(partner, PageSize, after, call.CancellationToken);
            }
            catch (Exception ex) when (ApiPaging.IsBadToken(ex, after))
            {
                error = "That page link is not valid any more: start again from the first page.";
            }
        }

        return await pages.RenderAsync<AuditPage>(error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, new Dictionary<string, object?>
        {
            [nameof(AuditPage.Context)] = call.Page,
            [nameof(AuditPage.Day)] = day is { } shown ? AuditReader.FormatDay(shown) : dayText,
            [nameof(AuditPage.PartnerId)] = partner.Length > 0 ? partner : null,
            [nameof(AuditPage.Entries)] = page.Items,
            [nameof(AuditPage.NextToken)] = page.ContinuationToken,
            [nameof(AuditPage.Error)] = error,
        });
    }

    /// <summary>GET staff/audit/days/{day}/csv.</summary>
    public async Task<IResult> DownloadDayAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return AuditReader.ParseDay(call.Value("day")) is { } day
            ? new FileDownload(await reader.DayCsvAsync(day, call.CancellationToken), AuditReader.CsvContentType, "audit-" + AuditReader.FormatDay(day) + ".csv")
            : await PageAccess.NotFoundAsync(pages, call.Page);
    }

    /// <summary>GET staff/audit/partners/{partnerId}/csv.</summary>
    public async Task<IResult> DownloadPartnerAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value("partnerId");
        return ApiIds.IsValid(partnerId)
            ? new FileDownload(await reader.PartnerCsvAsync(partnerId, call.CancellationToken), AuditReader.CsvContentType, "audit-" + partnerId + ".csv")
            : await PageAccess.NotFoundAsync(pages, call.Page);
    }

    /// <summary>The console path of a partner's audit log.</summary>
    public static string PartnerPath(string partnerId) => "/" + AuditRoutes.Page + "?partner=" + Uri.EscapeDataString(partnerId);
}
