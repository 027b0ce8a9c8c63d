using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>The staff routes of batch run records, progress and reports (under /api).</summary>
public static class RunsRoutes
{
    public const string List = "staff/runs";
    public const string Run = "staff/runs/{kind}/{instanceId}";
    public const string Report = "staff/runs/{kind}/{instanceId}/reports/{fileName}";

    // The console's pages (from the site root; the API's routes above are under /api).
    public const string ListPage = "staff/runs";
    public const string RunPage = "staff/runs/{kind}/{instanceId}";
    public const string ReportPage = "staff/runs/{kind}/{instanceId}/reports/{fileName}";

    /// <summary>The OpenAPI tag of every batch-run route (runs and the starts of each batch kind).</summary>
    public const string Tag = "runs";

    public static readonly ApiRoute ListRuns = new(
        nameof(ListRuns), "GET", List, RouteAudience.Staff, Tag, "List runs",
        call => call.Service<RunsHandlers>().ListAsync(call.Request, call.CancellationToken));

    public static readonly ApiRoute GetRun = new(
        nameof(GetRun), "GET", Run, RouteAudience.Staff, Tag, "Read a run with its live progress",
        call => call.Service<RunsHandlers>().GetAsync(call.Request, call.Value("kind"), call.Value("instanceId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute GetRunReport = new(
        nameof(GetRunReport), "GET", Report, RouteAudience.Staff, Tag, "Download a report file of a run",
        call => call.Service<RunsHandlers>().GetReportAsync(call.Request, call.Value("kind"), call.Value("instanceId"), call.Value("fileName"), call.CancellationToken));

    public static readonly ApiRoute ShowRuns = new(
        nameof(ShowRuns), "GET", ListPage, RouteAudience.StaffPage, Tag, "Console: runs and their start buttons",
        call => call.Service<RunPageHandlers>().ListAsync(call));

    public static readonly ApiRoute ShowRun = new(
        nameof(ShowRun), "GET", RunPage, RouteAudience.StaffPage, Tag, "Console: one run with its live progress",
        call => call.Service<RunPageHandlers>().ShowAsync(call));

    public static readonly ApiRoute DownloadRunReport = new(
        nameof(DownloadRunReport), "GET", ReportPage, RouteAudience.StaffPage, Tag, "Console: a run's report file",
        call => call.Service<RunPageHandlers>().ReportAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ListRuns, GetRun, GetRunReport, ShowRuns, ShowRun, DownloadRunReport];
}
