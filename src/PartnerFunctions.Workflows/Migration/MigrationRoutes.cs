using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>The staff start of a program-wide migration run (under /api).</summary>
public static class MigrationRoutes
{
    public const string Start = "staff/migrations";
    public const string StartPage = "staff/runs/start/migration";

    public static readonly ApiRoute StartMigration = new(
        nameof(StartMigration), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start a program-wide migration preview run",
        call => call.Service<MigrationStarter>().StartAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute StartMigrationFromConsole = new(
        nameof(StartMigrationFromConsole), "POST", StartPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: start a migration run",
        call => call.Service<MigrationStarter>().StartFromPageAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartMigration, StartMigrationFromConsole];
}
