using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>The staff start of a program-wide migration run (under /api).</summary>
public static class MigrationRoutes
{
    public const string Start = "staff/migrations";

    public static readonly ApiRoute StartMigration = new(
        nameof(StartMigration), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start a program-wide migration preview run",
        call => call.Service<MigrationStarter>().StartAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartMigration];
}
