using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>The staff start of a what-if simulation (under /api).</summary>
public static class WhatIfRoutes
{
    public const string Start = "staff/whatif";

    // The console's pages (from the site root; the API's route above is under /api).
    public const string StartPage = "staff/whatif";
    public const string StartStoredPage = "staff/whatif/start";
    public const string StartCandidatePage = "staff/whatif/candidate";
    public const string ResultPage = "staff/whatif/{instanceId}";
    public const string CellPage = "staff/whatif/{instanceId}/cells/{from}/{to}";

    public static readonly ApiRoute StartWhatIf = new(
        nameof(StartWhatIf), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start a what-if simulation of a candidate definition",
        call => call.Service<WhatIfStarter>().StartAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ShowWhatIf = new(
        nameof(ShowWhatIf), "GET", StartPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: start a what-if, recent what-ifs",
        call => call.Service<WhatIfPageHandlers>().ShowAsync(call));

    public static readonly ApiRoute StartWhatIfFromConsole = new(
        nameof(StartWhatIfFromConsole), "POST", StartStoredPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: start a what-if of a stored version",
        call => call.Service<WhatIfPageHandlers>().StartStoredAsync(call));

    public static readonly ApiRoute StartWhatIfCandidateFromConsole = new(
        nameof(StartWhatIfCandidateFromConsole), "POST", StartCandidatePage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: validate a candidate and start its what-if",
        call => call.Service<WhatIfPageHandlers>().StartCandidateAsync(call));

    public static readonly ApiRoute ShowWhatIfResult = new(
        nameof(ShowWhatIfResult), "GET", ResultPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: a what-if's movement matrix and level changes",
        call => call.Service<WhatIfPageHandlers>().ResultAsync(call));

    public static readonly ApiRoute ShowWhatIfCell = new(
        nameof(ShowWhatIfCell), "GET", CellPage, RouteAudience.StaffPage, RunsRoutes.Tag, "Console: the partners of one what-if matrix cell",
        call => call.Service<WhatIfPageHandlers>().CellAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartWhatIf, ShowWhatIf, StartWhatIfFromConsole, StartWhatIfCandidateFromConsole, ShowWhatIfResult, ShowWhatIfCell];
}
