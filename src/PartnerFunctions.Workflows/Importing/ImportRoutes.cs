using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>The staff distributor-import routes (under /api) and the console's imports page.</summary>
public static class ImportRoutes
{
    public const string Revenue = "staff/imports/revenue";
    public const string Accreditations = "staff/imports/accreditations";

    /// <summary>The console's imports page (from the site root).</summary>
    public const string Page = "staff/imports";

    private const string Tag = "imports";

    public static readonly ApiRoute ImportRevenue = new(
        nameof(ImportRevenue), "POST", Revenue, RouteAudience.Staff, Tag, "Import a distributor revenue file",
        call => call.Service<ImportHandlers>().ImportRevenueAsync(call.Request, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ImportAccreditations = new(
        nameof(ImportAccreditations), "POST", Accreditations, RouteAudience.Staff, Tag, "Import a distributor accreditation file",
        call => call.Service<ImportHandlers>().ImportAccreditationsAsync(call.Request, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ShowImports = new(
        nameof(ShowImports), "GET", Page, RouteAudience.StaffPage, Tag, "Console: imports (upload a file, past imports)",
        call => call.Service<ImportPageHandlers>().ShowAsync(call));

    public static readonly ApiRoute UploadImport = new(
        nameof(UploadImport), "POST", Page, RouteAudience.StaffPage, Tag, "Console: upload and import a distributor file",
        call => call.Service<ImportPageHandlers>().UploadAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ImportRevenue, ImportAccreditations, ShowImports, UploadImport];
}
