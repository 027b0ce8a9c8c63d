using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Audit;

/// <summary>
/// The audit log's routes: read only, staff only. There is no route that changes or removes a line (the log is
/// append-only; the access tests hold every route here to GET).
/// </summary>
public static class AuditRoutes
{
    public const string Day = "staff/audit/days/{day}";
    public const string DayCsv = "staff/audit/days/{day}/csv";
    public const string Partner = "staff/audit/partners/{partnerId}";
    public const string PartnerCsv = "staff/audit/partners/{partnerId}/csv";

    /// <summary>The console's audit page (from the site root): ?day= or ?partner=.</summary>
    public const string Page = "staff/audit";

    private const string Tag = "audit";

    public static readonly ApiRoute ListAuditDay = new(
        nameof(ListAuditDay), "GET", Day, RouteAudience.Staff, Tag, "Read the audit log of a UTC day, newest first",
        call => call.Service<AuditHandlers>().ListDayAsync(call.Request, call.Value("day"), call.CancellationToken));

    public static readonly ApiRoute ExportAuditDay = new(
        nameof(ExportAuditDay), "GET", DayCsv, RouteAudience.Staff, Tag, "Export the audit log of a UTC day as CSV",
        call => call.Service<AuditHandlers>().ExportDayAsync(call.Value("day"), call.CancellationToken));

    public static readonly ApiRoute ListAuditPartner = new(
        nameof(ListAuditPartner), "GET", Partner, RouteAudience.Staff, Tag, "Read the audit log of a partner, newest first",
        call => call.Service<AuditHandlers>().ListPartnerAsync(call.Request, call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute ExportAuditPartner = new(
        nameof(ExportAuditPartner), "GET", PartnerCsv, RouteAudience.Staff, Tag, "Export the audit log of a partner as CSV",
        call => call.Service<AuditHandlers>().ExportPartnerAsync(call.Value("partnerId"), call.CancellationToken));

    public static readonly ApiRoute ShowAudit = new(
        nameof(ShowAudit), "GET", Page, RouteAudience.StaffPage, Tag, "Console: the audit log of a day or a partner",
        call => call.Service<AuditPageHandlers>().ShowAsync(call));

    public static readonly ApiRoute DownloadAuditDay = new(
        nameof(DownloadAuditDay), "GET", DayCsv, RouteAudience.StaffPage, Tag, "Console: a day's audit log as CSV",
        call => call.Service<AuditPageHandlers>().DownloadDayAsync(call));

    public static readonly ApiRoute DownloadAuditPartner = new(
        nameof(DownloadAuditPartner), "GET", PartnerCsv, RouteAudience.StaffPage, Tag, "Console: a partner's audit log as CSV",
        call => call.Service<AuditPageHandlers>().DownloadPartnerAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
        [ListAuditDay, ExportAuditDay, ListAuditPartner, ExportAuditPartner, ShowAudit, DownloadAuditDay, DownloadAuditPartner];
}
