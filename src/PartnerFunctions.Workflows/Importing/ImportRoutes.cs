using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>The staff distributor-import routes (under /api).</summary>
public static class ImportRoutes
{
    public const string Revenue = "staff/imports/revenue";
    public const string Accreditations = "staff/imports/accreditations";

    private const string Tag = "imports";

    public static readonly ApiRoute ImportRevenue = new(
        nameof(ImportRevenue), "POST", Revenue, RouteAudience.Staff, Tag, "Import a distributor revenue file",
        call => call.Service<ImportHandlers>().ImportRevenueAsync(call.Request, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ImportAccreditations = new(
        nameof(ImportAccreditations), "POST", Accreditations, RouteAudience.Staff, Tag, "Import a distributor accreditation file",
        call => call.Service<ImportHandlers>().ImportAccreditationsAsync(call.Request, call.StaffId, call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ImportRevenue, ImportAccreditations];
}
