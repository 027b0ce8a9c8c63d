using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>
/// The console's runs: the list (with the start buttons the batch features serve), one run's page with its live
/// progress (the page's script re-reads the progress section until the run ends) and its reports downloaded through
/// the session.
/// </summary>
public sealed class RunPageHandlers(RunsHandlers runs, RunReports reports, PageRenderer pages)
{
    /// <summary>Newest runs listed per kind.</summary>
    public const int ListedPerKind = 20;

    /// <summary>GET staff/runs.</summary>
    public async Task<IResult> ListAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var recent = await runs.RecentAsync(ListedPerKind, call.CancellationToken);
        return await pages.RenderAsync<RunsPage>(new Dictionary<string, object?>
        {
            [nameof(RunsPage.Context)] = call.Page,
            [nameof(RunsPage.Runs)] = recent,
            [nameof(RunsPage.Message)] = call.Request.Query["message"].ToString() is { Length: > 0 and < 300 } message ? message : null,
        });
    }

    /// <summary>GET staff/runs/{kind}/{instanceId}.</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var view = RunStarter.TryParseKind(call.Value("kind"), out var kind) && IsId(call.Value("instanceId"))
            ? await runs.FindAsync(kind, call.Value("instanceId"), call.Client, call.CancellationToken)
            : null;
        if (view is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        return await pages.RenderAsync<RunPage>(new Dictionary<string, object?>
        {
            [nameof(RunPage.Context)] = call.Page,
            [nameof(RunPage.Run)] = view,
        });
    }

    /// <summary>GET staff/runs/{kind}/{instanceId}/reports/{fileName}: the report file, as the API gives it.</summary>
    public async Task<IResult> ReportAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var fileName = call.Value("fileName");
        var file = RunStarter.TryParseKind(call.Value("kind"), out var kind) && IsId(call.Value("instanceId")) && IsFileName(fileName)
            ? await reports.ReadAsync(kind, call.Value("instanceId"), fileName, call.CancellationToken)
            : null;
        if (file is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        return new FileDownload(file.Content, string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType, fileName);
    }

    /// <summary>The page path of a run.</summary>
    public static string PathOf(string kind, string instanceId) => $"/staff/runs/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(instanceId)}";

    private static bool IsId(string value) => value.Length is > 0 and <= 128 && !value.Contains('/', StringComparison.Ordinal);

    private static bool IsFileName(string value) =>
        value.Length is > 0 and <= 200 && !value.StartsWith('.') && !value.Contains('/', StringComparison.Ordinal) && !value.Contains('\\', StringComparison.Ordinal);
}
