using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>
/// Imports distributor CSV files (revenue lines, accreditations), comma or semicolon separated (see
/// <see cref="CsvReader"/>). The whole file is validated first against the active program definition, the
/// evidence rules the partner API applies (<see cref="DistributorLines"/>) and the stored partners; one bad line rejects the file with every bad line reported
/// and nothing written. A good file is written partner by partner in batches. The same content twice is detected by
/// its SHA-256; the rows themselves have natural keys, so even a re-sent file with other bytes rewrites the same rows.
/// </summary>
public sealed partial class DistributorImporter : IDistributorImporter
{
    /// <summary>Largest file accepted.</summary>
    public const int MaxFileBytes = 32 * 1024 * 1024;

    internal static readonly string[] RevenueColumns = ["partnerId", "competencyId", "period", "amount", "currency", "source", "lineReference"];
    internal static readonly string[] AccreditationColumns = ["partnerId", "personId", "personName", "competencyId", "completedOn", "expiresOn", "employedFrom"];

    private readonly IPartnerRepository _partners;
    private readonly IProgramDefinitionRepository _definitions;
    private readonly IImportRecordRepository _imports;
    private readonly TimeProvider _time;
    private readonly ILogger<DistributorImporter> _logger;
    private readonly int _parallelism;

    public DistributorImporter(
        IPartnerRepository partners,
        IProgramDefinitionRepository definitions,
        IImportRecordRepository imports,
        TimeProvider time,
        IOptions<StorageOptions> options,
        ILogger<DistributorImporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _partners = partners ?? throw new ArgumentNullException(nameof(partners));
        _definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        _imports = imports ?? throw new ArgumentNullException(nameof(imports));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _parallelism = options.Value.MaxParallelRequests;
    }

    public async Task<ImportResult> ImportAsync(ImportKind kind, Stream content, string importedBy, string? fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(importedBy);
        var bytes = await ReadAllAsync(content, cancellationToken);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        var previous = await _imports.GetAsync(sha, cancellationToken);
        if (previous is not null)
        {
            LogAlreadyImported(kind, fileName, sha, previous.ImportedAt);
            return new ImportResult(ImportStatus.AlreadyImported, kind, sha, previous.RowCount, previous.PartnerCount, []);
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Rejected(kind, sha, 0, [new ImportLineError(0, "*", "the file is not UTF-8 text")]);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var active = await _definitions.GetActiveAsync(cancellationToken)
            ?? throw new InvalidOperationException("No program definition is active: activate one before importing distributor files.");
        var definition = active.Stored.Definition;

        var separator = CsvReader.DetectSeparator(text);
        var (records, syntaxErrors) = CsvReader.Read(text, separator);
        var columns = kind == ImportKind.RevenueLines ? RevenueColumns : AccreditationColumns;
        var errors = syntaxErrors.Select(e => new ImportLineError(e.Line, "*", SyntaxReason(e, columns))).ToList();
        if (records.Count == 0 || records[0].Line != 1 || !records[0].Fields.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            errors.Insert(0, new ImportLineError(1, "*", "the first line must be the header " + string.Join(',', columns)));
            return Rejected(kind, sha, records.Count, errors);
        }

        var data = records.Skip(1).ToArray();
        if (data.Length == 0 && errors.Count == 0)
        {
            errors.Add(new ImportLineError(2, "*", "the file has no data lines"));
        }

        // The day the rules are relative to (periods and completions must not be in the future), read once.
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var lines = new List<ParsedLine>(data.Length);
        var partnerRefs = new List<(int Line, string PartnerId)>(data.Length);
        foreach (var record in data)
        {
            if (record.Fields.Count != columns.Length)
            {
                errors.Add(new ImportLineError(record.Line, "*", FormattableString.Invariant($"has {record.Fields.Count} fields; expected {columns.Length} ({string.Join(',', columns)})")));
                continue;
            }

            if (DistributorLines.IsPartnerId(record.Fields[0]))
            {
                partnerRefs.Add((record.Line, record.Fields[0]));
            }

            var parsed = kind == ImportKind.RevenueLines
                ? DistributorLines.Revenue(record, definition, today, decimalComma: separator == ';', errors)
                : DistributorLines.Accreditation(record, definition, today, errors);
            if (parsed is not null)
            {
                lines.Add(parsed);
            }
        }

        DistributorLines.CheckRepeats(kind, lines, errors);

        // Partners must exist (checked on every line, good or not, so the report is complete): one point read per
        // distinct partner, a few in flight, never a query per line.
        var known = await _partners.GetProfilesAsync(partnerRefs.Select(r => r.PartnerId).Distinct(StringComparer.Ordinal), cancellationToken);
        foreach (var (line, partnerId) in partnerRefs.Where(r => !known.ContainsKey(r.PartnerId)))
        {
            errors.Add(new ImportLineError(line, "partnerId", $"partner '{partnerId}' does not exist"));
        }

        if (errors.Count > 0)
        {
            return Rejected(kind, sha, data.Length, errors);
        }

        var byPartner = lines.GroupBy(l => l.PartnerId, StringComparer.Ordinal).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byPartner, parallel, async (group, ct) =>
        {
            if (kind == ImportKind.RevenueLines)
            {
                await _partners.UpsertRevenueAsync(group.Key, group.Select(l => l.Revenue!), ct);
            }
            else
            {
                await _partners.MergeAccreditationsAsync(group.Key, group.Select(l => l.Person!).ToArray(), ct);
            }
        });

        await _imports.TryAddAsync(new ImportRecord(sha, kind, fileName, data.Length, byPartner.Length, _time.GetUtcNow(), importedBy), cancellationToken);
        LogImported(kind, fileName, sha, data.Length, byPartner.Length);
        return new ImportResult(ImportStatus.Imported, kind, sha, data.Length, byPartner.Length, [])
        {
            LinesPerPartner = byPartner.ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }

    private ImportResult Rejected(ImportKind kind, string sha, int rowCount, List<ImportLineError> errors)
    {
        var ordered = errors.OrderBy(e => e.Line).ToArray();
        LogRejected(kind, sha, ordered.Length);
        return new ImportResult(ImportStatus.Rejected, kind, sha, Math.Max(0, rowCount), 0, ordered);
    }

    // A syntax error names the field by its position and, when the header has one there, its name.
    private static string SyntaxReason(CsvSyntaxError error, string[] columns) =>
        error.Column <= columns.Length
            ? FormattableString.Invariant($"field {error.Column} ({columns[error.Column - 1]}) {error.Reason}")
            : FormattableString.Invariant($"field {error.Column} {error.Reason}");

    private static async Task<byte[]> ReadAllAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFileBytes)
            {
                throw new InvalidDataException(FormattableString.Invariant($"The file is over {MaxFileBytes} bytes; split it."));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Kind} file {FileName} ({Sha256}) skipped: imported already on {ImportedAt}")]
    private partial void LogAlreadyImported(ImportKind kind, string? fileName, string sha256, DateTimeOffset importedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import of {Kind} file {Sha256} rejected with {ErrorCount} bad lines")]
    private partial void LogRejected(ImportKind kind, string sha256, int errorCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Kind} file {FileName} ({Sha256}): {RowCount} lines for {PartnerCount} partners")]
    private partial void LogImported(ImportKind kind, string? fileName, string sha256, int rowCount, int partnerCount);

}
