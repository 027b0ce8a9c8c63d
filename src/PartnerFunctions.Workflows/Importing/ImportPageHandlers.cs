using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>What the imports page shows.</summary>
/// <param name="Done">The import just made (after the form's redirect), or null.</param>
/// <param name="Rejected">The last upload's errors (every bad line); nothing was written.</param>
/// <param name="FieldErrors">Errors of the form's fields, by field name.</param>
public sealed record ImportPageView(
    IReadOnlyList<ImportRecord> Recent,
    ImportRecord? Done,
    bool AlreadyImported,
    ImportKind? Kind,
    string? FileName,
    IReadOnlyList<ImportLineError> Rejected,
    IReadOnlyDictionary<string, string> FieldErrors);

/// <summary>
/// The console's imports: upload a distributor file (the same importer as the API: the whole file is checked first,
/// one bad line rejects it with every bad line listed and nothing written), and the imports made so far.
/// </summary>
public sealed class ImportPageHandlers(IDistributorImporter importer, IImportRecordRepository records, PageRenderer pages)
{
    /// <summary>Past imports listed.</summary>
    public const int Listed = 50;

    /// <summary>Bad lines shown on the page (the rest are counted).</summary>
    public const int ErrorsShown = 500;

    /// <summary>GET staff/imports (?done={sha256}&amp;already=1 after an upload).</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var done = call.Request.Query["done"].ToString();
        var record = done.Length == 64 && done.All(char.IsAsciiHexDigitLower) ? await records.GetAsync(done, call.CancellationToken) : null;
        return await RenderAsync(call, StatusCodes.Status200OK, Empty with { Done = record, AlreadyImported = call.Request.Query["already"] == "1" });
    }

    /// <summary>POST staff/imports (multipart: kind, file): 303 back to the page when imported; the page with every error (400) when not.</summary>
    public async Task<IResult> UploadAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        ImportKind? kind = form["kind"].ToString() switch
        {
            "revenue" => ImportKind.RevenueLines,
            "accreditations" => ImportKind.Accreditations,
            _ => null,
        };
        if (kind is null)
        {
            errors["kind"] = "Choose what the file holds.";
        }

        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            errors["file"] = "Choose a CSV file (UTF-8, with its header line).";
        }
        else if (file.Length > ImportHandlers.MaxFileBytes)
        {
            errors["file"] = FormattableString.Invariant($"A file is at most {ImportHandlers.MaxFileBytes / (1024 * 1024)} MB: split it.");
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(call, StatusCodes.Status400BadRequest, Empty with { Kind = kind, FieldErrors = errors });
        }

        var fileName = Path.GetFileName(file!.FileName);
        fileName = fileName.Length is > 0 and <= 200 && !fileName.Any(char.IsControl) ? fileName : "upload.csv";
        ImportResult result;
        await using (var content = file.OpenReadStream())
        {
            try
            {
                result = await importer.ImportAsync(kind!.Value, content, call.Session!.StaffId ?? "staff", fileName, call.CancellationToken);
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("No program definition is active", StringComparison.Ordinal))
            {
                return await RenderAsync(call, StatusCodes.Status409Conflict, Empty with { Kind = kind, FieldErrors = new Dictionary<string, string> { ["file"] = "No program definition is active: activate one before importing." } });
            }
        }

        ImportAudit.Note(result, fileName);
        return result.Status == ImportStatus.Rejected
            ? await RenderAsync(call, StatusCodes.Status400BadRequest, Empty with { Kind = kind, FileName = fileName, Rejected = result.Errors })
            : new PageRedirect("/" + ImportRoutes.Page + "?done=" + result.ContentSha256 + (result.Status == ImportStatus.AlreadyImported ? "&already=1" : ""));
    }

    private static ImportPageView Empty { get; } = new([], null, false, null, null, [], new Dictionary<string, string>());

    private async Task<IResult> RenderAsync(RouteCall call, int status, ImportPageView view) =>
        await pages.RenderAsync<ImportPage>(status, new Dictionary<string, object?>
        {
            [nameof(ImportPage.Context)] = call.Page,
            [nameof(ImportPage.View)] = view with { Recent = await records.ListRecentAsync(Listed, call.CancellationToken) },
        });
}
