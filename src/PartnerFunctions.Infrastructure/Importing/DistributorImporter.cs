using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure.Partners;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Importing;

/// <summary>
/// Imports distributor CSV files (revenue lines, accreditations). The whole file is validated first against the
/// active program definition and the stored partners; one bad line rejects the file with every bad line reported
/// and nothing written. A good file is written partner by partner in batches. The same content twice is detected by
/// its SHA-256; the rows themselves have natural keys, so even a re-sent file with other bytes rewrites the same rows.
/// </summary>
public sealed partial class DistributorImporter : IDistributorImporter
{
    /// <summary>Largest file accepted.</summary>
    public const int MaxFileBytes = 32 * 1024 * 1024;

    internal static readonly string[] RevenueColumns = ["partnerId", "competencyId", "period", "amount", "currency", "source", "lineReference"];
    internal static readonly string[] AccreditationColumns = ["partnerId", "personId", "personName", "competencyId", "completedOn", "expiresOn", "employedFrom"];

    private const int MaxIdLength = 200;

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

        var (records, syntaxErrors) = CsvReader.Read(text);
        var errors = syntaxErrors.Select(e => new ImportLineError(e.Line, "*", e.Reason)).ToList();
        var columns = kind == ImportKind.RevenueLines ? RevenueColumns : AccreditationColumns;
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

        var lines = new List<ParsedLine>(data.Length);
        var partnerRefs = new List<(int Line, string PartnerId)>(data.Length);
        foreach (var record in data)
        {
            if (record.Fields.Count != columns.Length)
            {
                errors.Add(new ImportLineError(record.Line, "*", FormattableString.Invariant($"has {record.Fields.Count} fields; expected {columns.Length} ({string.Join(',', columns)})")));
                continue;
            }

            if (IsValidId(record.Fields[0]))
            {
                partnerRefs.Add((record.Line, record.Fields[0]));
            }

            var parsed = kind == ImportKind.RevenueLines
                ? ParseRevenue(record, definition, errors)
                : ParseAccreditation(record, definition, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), errors);
            if (parsed is not null)
            {
                lines.Add(parsed);
            }
        }

        CheckRepeats(kind, lines, errors);

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
        return new ImportResult(ImportStatus.Imported, kind, sha, data.Length, byPartner.Length, []);
    }

    private ImportResult Rejected(ImportKind kind, string sha, int rowCount, List<ImportLineError> errors)
    {
        var ordered = errors.OrderBy(e => e.Line).ToArray();
        LogRejected(kind, sha, ordered.Length);
        return new ImportResult(ImportStatus.Rejected, kind, sha, Math.Max(0, rowCount), 0, ordered);
    }

    private static ParsedLine? ParseRevenue(CsvRecord record, ProgramDefinition definition, List<ImportLineError> errors)
    {
        var before = errors.Count;
        var f = record.Fields;
        var partnerId = RequireId(record.Line, "partnerId", f[0], errors);
        var competencyId = RequireCompetency(record.Line, "competencyId", f[1], definition, errors);

        DateOnly period = default;
        if (!MonthPattern().IsMatch(f[2]))
        {
            errors.Add(new ImportLineError(record.Line, "period", $"'{f[2]}' is not a month written yyyy-MM"));
        }
        else
        {
            period = DateOnly.ParseExact(f[2] + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        decimal amount = 0;
        if (!AmountPattern().IsMatch(f[3]) || !decimal.TryParse(f[3], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
        {
            errors.Add(new ImportLineError(record.Line, "amount", $"'{f[3]}' is not an amount: digits with '.' as decimal separator (e.g. 1234.50), no thousands separator"));
        }
        else if (amount <= 0)
        {
            errors.Add(new ImportLineError(record.Line, "amount", "must be greater than 0"));
        }

        if (!string.Equals(f[4], definition.Currency, StringComparison.Ordinal))
        {
            errors.Add(new ImportLineError(record.Line, "currency", $"'{f[4]}' is not {definition.Currency}, the program currency"));
        }

        var source = RequireId(record.Line, "source", f[5], errors);
        var lineReference = RequireId(record.Line, "lineReference", f[6], errors);
        if (errors.Count > before)
        {
            return null;
        }

        var line = new RevenueLine(PartnerRows.RevenueLineId(source!, lineReference!), competencyId!, period, amount, f[4]);
        return new ParsedLine(record.Line, partnerId!, new RevenueEntry(line, source!), null);
    }

    private static ParsedLine? ParseAccreditation(CsvRecord record, ProgramDefinition definition, DateOnly today, List<ImportLineError> errors)
    {
        var before = errors.Count;
        var f = record.Fields;
        var partnerId = RequireId(record.Line, "partnerId", f[0], errors);
        var personId = RequireId(record.Line, "personId", f[1], errors);
        if (f[2].Length == 0)
        {
            errors.Add(new ImportLineError(record.Line, "personName", "is required"));
        }
        else if (f[2].Length > MaxIdLength)
        {
            errors.Add(new ImportLineError(record.Line, "personName", FormattableString.Invariant($"is longer than {MaxIdLength} characters")));
        }

        var competencyId = RequireCompetency(record.Line, "competencyId", f[3], definition, errors);
        var completedOn = ParseDate(record.Line, "completedOn", f[4], required: true, errors);
        if (completedOn > today)
        {
            errors.Add(new ImportLineError(record.Line, "completedOn", $"{f[4]} is in the future"));
        }

        var expiresOn = ParseDate(record.Line, "expiresOn", f[5], required: false, errors);
        if (expiresOn is not null && completedOn is not null && expiresOn <= completedOn)
        {
            errors.Add(new ImportLineError(record.Line, "expiresOn", "must be after completedOn"));
        }

        var employedFrom = ParseDate(record.Line, "employedFrom", f[6], required: false, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var person = new PersonAccreditations(personId!, f[2], employedFrom, [new Accreditation(competencyId!, completedOn!.Value, expiresOn)]);
        return new ParsedLine(record.Line, partnerId!, null, person);
    }

    // Within one file a natural key appears once, and one person has one name and start date.
    private static void CheckRepeats(ImportKind kind, List<ParsedLine> lines, List<ImportLineError> errors)
    {
        if (kind == ImportKind.RevenueLines)
        {
            var seen = new Dictionary<(string, string), int>();
            foreach (var line in lines)
            {
                if (!seen.TryAdd((line.PartnerId, line.Revenue!.Line.Id), line.Line))
                {
                    errors.Add(new ImportLineError(line.Line, "lineReference", FormattableString.Invariant($"repeats the source and line reference of line {seen[(line.PartnerId, line.Revenue.Line.Id)]}")));
                }
            }

            return;
        }

        var people = new Dictionary<(string, string), ParsedLine>();
        foreach (var line in lines)
        {
            var key = (line.PartnerId, line.Person!.PersonId);
            if (!people.TryGetValue(key, out var first))
            {
                people[key] = line;
                continue;
            }

            if (!string.Equals(first.Person!.PersonName, line.Person.PersonName, StringComparison.Ordinal))
            {
                errors.Add(new ImportLineError(line.Line, "personName", FormattableString.Invariant($"differs from line {first.Line} for the same person ('{first.Person.PersonName}')")));
            }

            if (line.Person.EmployedFrom is not null && first.Person.EmployedFrom is not null && line.Person.EmployedFrom != first.Person.EmployedFrom)
            {
                errors.Add(new ImportLineError(line.Line, "employedFrom", FormattableString.Invariant($"differs from line {first.Line} for the same person")));
            }
        }
    }

    private static string? RequireId(int line, string column, string value, List<ImportLineError> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(new ImportLineError(line, column, "is required"));
            return null;
        }

        if (value.Length > MaxIdLength)
        {
            errors.Add(new ImportLineError(line, column, FormattableString.Invariant($"is longer than {MaxIdLength} characters")));
            return null;
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(new ImportLineError(line, column, "contains control characters"));
            return null;
        }

        return value;
    }

    private static bool IsValidId(string value) => value.Length is > 0 and <= MaxIdLength && !value.Any(char.IsControl);

    private static string? RequireCompetency(int line, string column, string value, ProgramDefinition definition, List<ImportLineError> errors)
    {
        if (value.Length == 0)
        {
            errors.Add(new ImportLineError(line, column, "is required"));
            return null;
        }

        if (definition.IndexOf(value) < 0)
        {
            errors.Add(new ImportLineError(line, column, $"'{value}' is not a competency of {definition.VersionTag}"));
            return null;
        }

        return value;
    }

    private static DateOnly? ParseDate(int line, string column, string value, bool required, List<ImportLineError> errors)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(new ImportLineError(line, column, "is required"));
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(new ImportLineError(line, column, $"'{value}' is not a date written yyyy-MM-dd"));
            return null;
        }

        return date;
    }

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

    [GeneratedRegex("^[0-9]{4}-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    [GeneratedRegex("^[0-9]{1,15}(\\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex AmountPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Import of {Kind} file {FileName} ({Sha256}) skipped: imported already on {ImportedAt}")]
    private partial void LogAlreadyImported(ImportKind kind, string? fileName, string sha256, DateTimeOffset importedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import of {Kind} file {Sha256} rejected with {ErrorCount} bad lines")]
    private partial void LogRejected(ImportKind kind, string sha256, int errorCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Kind} file {FileName} ({Sha256}): {RowCount} lines for {PartnerCount} partners")]
    private partial void LogImported(ImportKind kind, string? fileName, string sha256, int rowCount, int partnerCount);

    private sealed record ParsedLine(int Line, string PartnerId, RevenueEntry? Revenue, PersonAccreditations? Person);
}
