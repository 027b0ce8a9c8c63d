using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>The staff start of a re-evaluation (under /api); the nightly timer starts it too.</summary>
public static class ReevaluationRoutes
{
    public const string Start = "staff/reevaluations";
    public const string StartPage = "staff/runs/start/reevaluation";

    public static readonly ApiRoute StartReevaluation = new(
        nameof(StartReevaluation), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start the re-evaluation of a day (the nightly run)",
        call => call.Service<ReevaluationStarter>().StartFromStaffAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute StartReevaluationFromConsole = new(
        nameof(StartReevaluationFromConsole), "POST", StartPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: start today's re-evaluation",
        call => call.Service<ReevaluationStarter>().StartFromPageAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartReevaluation, StartReevaluationFromConsole];
}
