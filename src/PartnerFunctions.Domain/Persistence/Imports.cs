namespace PartnerFunctions.Domain.Persistence;

/// <summary>The file formats a distributor sends.</summary>
public enum ImportKind
{
    /// <summary>partnerId,competencyId,period,amount,currency,source,lineReference</summary>
    RevenueLines,

    /// <summary>partnerId,personId,personName,competencyId,completedOn,expiresOn,employedFrom</summary>
    Accreditations,
}

/// <summary>A file that was imported (kept so the same content is never imported twice).</summary>
/// <param name="ContentSha256">Lowercase hex SHA-256 of the file's bytes.</param>
public sealed record ImportRecord(string ContentSha256, ImportKind Kind, string? FileName, int RowCount, int PartnerCount, DateTimeOffset ImportedAt, string ImportedBy);

/// <summary>Records of imported files.</summary>
public interface IImportRecordRepository
{
    /// <summary>The record of the file with that hash, or null.</summary>
    Task<ImportRecord?> GetAsync(string contentSha256, CancellationToken cancellationToken = default);

    /// <summary>Records an import; false (nothing changed) when the hash is recorded already.</summary>
    Task<bool> TryAddAsync(ImportRecord record, CancellationToken cancellationToken = default);

    /// <summary>The newest imports, newest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<ImportRecord>> ListRecentAsync(int max, CancellationToken cancellationToken = default);
}

/// <summary>A problem on one line of an import file.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1).</param>
/// <param name="Column">The column at fault, or "*" for the whole line.</param>
public sealed record ImportLineError(int Line, string Column, string Reason)
{
    public override string ToString() => FormattableString.Invariant($"line {Line}, {Column}: {Reason}");
}

/// <summary>What an import did.</summary>
public enum ImportStatus
{
    /// <summary>Every line was valid and written.</summary>
    Imported,

    /// <summary>At least one line was invalid: nothing was written; see the errors.</summary>
    Rejected,

    /// <summary>The same content was imported before: nothing was written.</summary>
    AlreadyImported,
}

/// <summary>The outcome of an import, with every bad line when rejected.</summary>
public sealed record ImportResult(
    ImportStatus Status,
    ImportKind Kind,
    string ContentSha256,
    int RowCount,
    int PartnerCount,
    IReadOnlyList<ImportLineError> Errors)
{
    /// <summary>The lines written for each partner (an import that wrote: for its audit lines); empty otherwise.</summary>
    public IReadOnlyDictionary<string, int> LinesPerPartner { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);
}

/// <summary>Imports distributor CSV files: validated as a whole, written only when every line is good, idempotent.</summary>
public interface IDistributorImporter
{
    Task<ImportResult> ImportAsync(ImportKind kind, Stream content, string importedBy, string? fileName, CancellationToken cancellationToken = default);
}
