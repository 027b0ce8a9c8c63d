using System.Globalization;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Audit;

/// <summary>What the audit listings read: a page of a day or a partner, and a whole log as CSV (shared by the API and the console).</summary>
public sealed class AuditReader(IAuditLog log)
{
    /// <summary>Lines read per storage page when exporting.</summary>
    public const int ExportPageSize = 1000;

    /// <summary>The most lines one export holds (a day or a partner past it is cut, and the last line says so).</summary>
    public const int MaxExportLines = 100_000;

    public const string CsvContentType = "text/csv; charset=utf-8";

    private static readonly string[] Header = ["at", "actor", "action", "partnerId", "subject", "before", "after", "requestId", "status", "id"];

    /// <summary>A UTC day written yyyy-MM-dd, or null.</summary>
    public static DateOnly? ParseDay(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public static string FormatDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task<PagedResult<AuditEntry>> DayAsync(DateOnly day, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        log.ListDayAsync(day, pageSize, continuationToken, cancellationToken);

    public Task<PagedResult<AuditEntry>> PartnerAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        log.ListPartnerAsync(partnerId, pageSize, continuationToken, cancellationToken);

    /// <summary>A day's whole log as CSV, newest first.</summary>
    public Task<byte[]> DayCsvAsync(DateOnly day, CancellationToken cancellationToken) =>
        CsvAsync((token, ct) => log.ListDayAsync(day, ExportPageSize, token, ct), cancellationToken);

    /// <summary>A partner's whole log as CSV, newest first.</summary>
    public Task<byte[]> PartnerCsvAsync(string partnerId, CancellationToken cancellationToken) =>
        CsvAsync((token, ct) => log.ListPartnerAsync(partnerId, ExportPageSize, token, ct), cancellationToken);

    private static async Task<byte[]> CsvAsync(Func<string?, CancellationToken, Task<PagedResult<AuditEntry>>> page, CancellationToken cancellationToken)
    {
        var csv = new CsvBuilder().Line(Header);
        string? token = null;
        var lines = 0;
        do
        {
            var read = await page(token, cancellationToken);
            foreach (var e in read.Items)
            {
                if (lines++ == MaxExportLines)
                {
                    csv.Line(null, null, "ExportCut", null, FormattableString.Invariant($"more than {MaxExportLines} lines: export a shorter range through the API pages"));
                    return csv.ToBytes();
                }

                csv.Line(e.At, e.Actor, e.Action, e.PartnerId, e.Subject, e.Before, e.After, e.RequestId, e.Status, e.Id);
            }

            token = read.ContinuationToken;
        }
        while (token is not null);
        return csv.ToBytes();
    }
}
