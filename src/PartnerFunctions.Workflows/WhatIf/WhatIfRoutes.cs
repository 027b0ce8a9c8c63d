using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>The staff start of a what-if simulation (under /api).</summary>
public static class WhatIfRoutes
{
    public const string Start = "staff/whatif";

    public static readonly ApiRoute StartWhatIf = new(
        nameof(StartWhatIf), "POST", Start, RouteAudience.Staff, RunsRoutes.Tag, "Start a what-if simulation of a candidate definition",
        call => call.Service<WhatIfStarter>().StartAsync(call.Request, call.Client, call.StaffId, call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartWhatIf];
}
