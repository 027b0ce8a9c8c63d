using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>What an accepted import did.</summary>
/// <param name="Status">"imported", or "alreadyImported" when the same file was imported before (nothing written).</param>
public sealed record ImportResponse(string Status, ImportKind Kind, string ContentSha256, int RowCount, int PartnerCount, string Message);

/// <summary>
/// Staff endpoints that import distributor CSV files (revenue lines, accreditations) through the storage's
/// <see cref="IDistributorImporter"/>: the whole file is validated first; one bad line rejects it with every bad
/// line listed and nothing written; the same file twice is recognised and writes nothing.
/// </summary>
public sealed partial class ImportHandlers(IDistributorImporter importer, ILogger<ImportHandlers> logger)
{
    /// <summary>Largest file accepted (the importer's own limit).</summary>
    public const long MaxFileBytes = 32L * 1024 * 1024;

    /// <summary>Optional header naming the file, recorded with the import.</summary>
    public const string FileNameHeader = "X-File-Name";

    /// <summary>POST staff/imports/revenue (text/csv: partnerId,competencyId,period,amount,currency,source,lineReference).</summary>
    public Task<IResult> ImportRevenueAsync(HttpRequest request, string staffId, CancellationToken cancellationToken) =>
        ImportAsync(request, ImportKind.RevenueLines, staffId, cancellationToken);

    /// <summary>POST staff/imports/accreditations (text/csv: partnerId,personId,personName,competencyId,completedOn,expiresOn,employedFrom).</summary>
    public Task<IResult> ImportAccreditationsAsync(HttpRequest request, string staffId, CancellationToken cancellationToken) =>
        ImportAsync(request, ImportKind.Accreditations, staffId, cancellationToken);

    private async Task<IResult> ImportAsync(HttpRequest request, ImportKind kind, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType("Content-Type", "Send the file as text/csv (UTF-8, with its header line).");
        }

        if (request.ContentLength > MaxFileBytes)
        {
            return TooLarge();
        }

        var fileName = request.Headers[FileNameHeader].ToString();
        if (fileName.Length > 200 || fileName.Any(char.IsControl))
        {
            return ApiProblems.Validation(new FieldError(FileNameHeader, "must be at most 200 characters, without control characters"));
        }

        ImportResult result;
        try
        {
            result = await importer.ImportAsync(kind, request.Body, staffId, fileName.Length == 0 ? null : fileName, cancellationToken);
        }
        catch (InvalidDataException)
        {
            // The importer stops reading a body without Content-Length as soon as it passes its limit.
            return TooLarge();
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("No program definition is active", StringComparison.Ordinal))
        {
            return ApiProblems.NoActiveDefinition();
        }

        LogImport(logger, kind, result.Status, result.RowCount, result.ContentSha256);
        ImportAudit.Note(result, fileName.Length == 0 ? null : fileName);
        return result.Status switch
        {
            ImportStatus.Imported => ApiResults.Ok(new ImportResponse(
                "imported", kind, result.ContentSha256, result.RowCount, result.PartnerCount,
                FormattableString.Invariant($"{result.RowCount} rows imported for {result.PartnerCount} partners."))),
            ImportStatus.AlreadyImported => ApiResults.Ok(new ImportResponse(
                "alreadyImported", kind, result.ContentSha256, result.RowCount, result.PartnerCount,
                "This file was already imported: nothing was written.")),
            _ => ApiProblems.ImportRejected(result.Errors.Select(e => (e.Line, e.Column, e.Reason)).ToArray()),
        };
    }

    private static IResult TooLarge() =>
        ApiProblems.TooLarge("body", FormattableString.Invariant($"An import file is at most {MaxFileBytes} bytes; split it."));

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Kind}: {Status}, {RowCount} rows, file {ContentSha256}")]
    private static partial void LogImport(ILogger logger, ImportKind kind, ImportStatus status, int rowCount, string contentSha256);
}
