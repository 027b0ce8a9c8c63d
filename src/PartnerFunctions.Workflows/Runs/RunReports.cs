using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>
/// Writes and reads the files of a run's report folder ({kind}/{runId}/ in the report store). Pages write "part" files
/// named {prefix}-{pageIndex:D5}.{ext}; the final activity merges them in page (= partner id) order.
/// </summary>
public sealed class RunReports(IReportStore store)
{
    public const string JsonContentType = "application/json";
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string JsonLinesContentType = "application/x-ndjson";

    /// <summary>JSON of report files: camelCase, enums as strings, indented for people.</summary>
    public static readonly JsonSerializerOptions Json = CreateJson(indented: true);

    /// <summary>JSON of one line of a JSON-lines file.</summary>
    public static readonly JsonSerializerOptions JsonLine = CreateJson(indented: false);

    /// <summary>The name of a page's part file.</summary>
    public static string PartName(string prefix, int pageIndex, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{pageIndex:D5}.{extension}");

    /// <summary>Writes a JSON report file; returns its blob name.</summary>
    public async Task<string> WriteJsonAsync<T>(WorkflowRunKind kind, string runId, string fileName, T value, CancellationToken cancellationToken = default)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        var stored = await store.WriteAsync(kind, runId, fileName, JsonContentType, bytes, cancellationToken);
        return stored.Name;
    }

    /// <summary>Writes a text report file (CSV, JSON lines); returns its blob name.</summary>
    public async Task<string> WriteTextAsync(WorkflowRunKind kind, string runId, string fileName, string contentType, string text, CancellationToken cancellationToken = default)
    {
        var stored = await store.WriteAsync(kind, runId, fileName, contentType, Encoding.UTF8.GetBytes(text), cancellationToken);
        return stored.Name;
    }

    /// <summary>
    /// The text of every part file of a run with that prefix, in page order. A page re-run after a failure rewrote its
    /// part whole, so each page is there once.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadPartsAsync(WorkflowRunKind kind, string runId, string prefix, CancellationToken cancellationToken = default)
    {
        var files = await store.ListAsync(kind, runId, cancellationToken);
        var parts = files
            .Where(f => FileNameOf(f.Name).StartsWith(prefix + "-", StringComparison.Ordinal))
            .Select(f => f.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var texts = new List<string>(parts.Length);
        foreach (var name in parts)
        {
            var file = await store.ReadAsync(name, cancellationToken);
            if (file is not null)
            {
                texts.Add(Encoding.UTF8.GetString(file.Content.Span));
            }
        }

        return texts;
    }

    /// <summary>The report files of a run (parts included).</summary>
    public Task<IReadOnlyList<StoredFile>> ListAsync(WorkflowRunKind kind, string runId, CancellationToken cancellationToken = default) =>
        store.ListAsync(kind, runId, cancellationToken);

    /// <summary>The file of a run with that file name (the last segment of its blob name), or null.</summary>
    public async Task<FileContent?> ReadAsync(WorkflowRunKind kind, string runId, string fileName, CancellationToken cancellationToken = default)
    {
        var files = await store.ListAsync(kind, runId, cancellationToken);
        var match = files.FirstOrDefault(f => f.Name.EndsWith("/" + fileName, StringComparison.Ordinal));
        return match is null ? null : await store.ReadAsync(match.Name, cancellationToken);
    }

    /// <summary>The file name (last segment) of a blob name.</summary>
    public static string FileNameOf(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        return blobName[(blobName.LastIndexOf('/') + 1)..];
    }

    private static JsonSerializerOptions CreateJson(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
