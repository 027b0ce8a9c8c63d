using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>The staff start of a program-wide migration run (under /api and from the console) and the console's migration report.</summary>
public static class MigrationRoutes
{
    public const string Start = "staff/migrations";
    public const string StartPage = "staff/runs/start/migration";
    public const string ReportPage = "staff/migration";
    public const string ReportRunPage = "staff/migration/{instanceId}";

    public static readonly ApiRoute StartMigration = new(
        nameof(StartMigration), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start a program-wide migration preview run",
        call => call.Service<MigrationStarter>().StartAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute StartMigrationFromConsole = new(
        nameof(StartMigrationFromConsole), "POST", StartPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: start a migration run",
        call => call.Service<MigrationStarter>().StartFromPageAsync(call));

    public static readonly ApiRoute ShowLatestMigrationReport = new(
        nameof(ShowLatestMigrationReport), "GET", ReportPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: the newest migration report",
        call => call.Service<MigrationReportHandlers>().LatestAsync(call));

    public static readonly ApiRoute ShowMigrationReport = new(
        nameof(ShowMigrationReport), "GET", ReportRunPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: a migration run's report",
        call => call.Service<MigrationReportHandlers>().ShowAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartMigration, StartMigrationFromConsole, ShowLatestMigrationReport, ShowMigrationReport];
}
