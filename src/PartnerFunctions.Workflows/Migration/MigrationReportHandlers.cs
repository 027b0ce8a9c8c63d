using System.Globalization;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>
/// The console's migration report: the newest reported run (staff/migration) or a chosen one
/// (staff/migration/{instanceId}), with the partners who lose status a page at a time (?page=).
/// </summary>
public sealed class MigrationReportHandlers(MigrationReports reports, RunsHandlers runs, PageRenderer pages)
{
    /// <summary>Partners who lose status listed per page.</summary>
    public const int LosersPerPage = 50;

    /// <summary>GET staff/migration.</summary>
    public async Task<IResult> LatestAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!TryReadPage(call, out _))
        {
            return await BadPageAsync(call);
        }

        var latest = await reports.LatestReportedAsync(call.CancellationToken);
        return latest is null
            ? await RenderAsync(call, null, 1, null, StatusCodes.Status200OK)
            : await ShowRunAsync(call, latest.InstanceId);
    }

    /// <summary>GET staff/migration/{instanceId}.</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ShowRunAsync(call, call.Value("instanceId"));
    }

    /// <summary>The report page's path for a run.</summary>
    public static string PathOf(string instanceId) => "/" + MigrationRoutes.ReportPage + "/" + Uri.EscapeDataString(instanceId);

    private async Task<IResult> ShowRunAsync(RouteCall call, string instanceId)
    {
        if (!TryReadPage(call, out var page))
        {
            return await BadPageAsync(call);
        }

        var run = instanceId.Length is > 0 and <= 128 ? await runs.FindAsync(WorkflowRunKind.Migration, instanceId, call.Client, call.CancellationToken) : null;
        var summary = run is null ? null : await reports.ReadSummaryAsync(instanceId, call.CancellationToken);
        if (run is null || summary is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var view = new MigrationReportView(run, summary, await reports.ReadFlowsAsync(instanceId, call.CancellationToken));
        return await RenderAsync(call, view, page, null, StatusCodes.Status200OK);
    }

    // ?page= is optional; when given it is a whole number from 1.
    private static bool TryReadPage(RouteCall call, out int page)
    {
        var text = call.Request.Query["page"].ToString();
        page = 1;
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1);
    }

    private Task<IResult> BadPageAsync(RouteCall call) => RenderAsync(call, null, 1, "page: a whole number from 1.", StatusCodes.Status400BadRequest);

    private Task<IResult> RenderAsync(RouteCall call, MigrationReportView? view, int page, string? error, int status) =>
        pages.RenderAsync<MigrationReportPage>(status, new Dictionary<string, object?>
        {
            [nameof(MigrationReportPage.Context)] = call.Page,
            [nameof(MigrationReportPage.View)] = view,
            [nameof(MigrationReportPage.LosersPage)] = page,
            [nameof(MigrationReportPage.Error)] = error,
        });
}
