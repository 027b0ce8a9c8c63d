using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>
/// Captured messages in Blob storage (container "captured-mail", with the storage prefix), one accepted mail/send
/// request at a time: "requests/{requestId}.json" holds every recipient's rendered message, then
/// "index/{requestId}.json" their summaries (written second, so a listed message can always be read). A request of
/// 500 recipients is two blob writes, as SendGrid's one call is. Request ids start with the capture time, so names
/// list in capture order. Index blobs never change once written: the store keeps those it has read.
/// Each index entry carries the message's folded search text (<see cref="MailSearchText"/>), computed at capture; for
/// index blobs written before search texts were kept, it is computed once from the request blob when first read.
/// Messages captured one blob each by earlier versions ("{id}.json", summary in metadata) are still listed and read
/// (searched by recipient and subject only).
/// </summary>
public sealed class CapturedMailStore
{
    /// <summary>The container name before the storage prefix.</summary>
    public const string ContainerBaseName = "captured-mail";

    private const string RequestsFolder = "requests/";
    private const string IndexFolder = "index/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container;
    private readonly ConcurrentDictionary<string, ListedMail[]> _indexes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ListedMail> _legacy = new(StringComparer.Ordinal);

    public CapturedMailStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var prefix = clients.Names.Prefix;
        _container = clients.Container(prefix.Length == 0 ? ContainerBaseName : prefix + "-" + ContainerBaseName);
    }

    public string ContainerName => _container.Name;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created by another host starting at the same time.
        }
    }

    /// <summary>The request a message id belongs to ("{requestId}-{index:D4}").</summary>
    public static string RequestIdOf(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var dash = messageId.LastIndexOf('-');
        return dash > 0 ? messageId[..dash] : messageId;
    }

    /// <summary>Keeps the messages of one accepted request (all with ids "{requestId}-{n}").</summary>
    public async Task SaveRequestAsync(string requestId, IReadOnlyList<CapturedMail> mails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        if (!IsValidId(requestId) || mails.Any(m => RequestIdOf(m.Id) != requestId))
        {
            throw new ArgumentException($"'{requestId}' is not the request id of these messages.", nameof(requestId));
        }

        var json = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        await _container.GetBlobClient(RequestsFolder + requestId + ".json").UploadAsync(BinaryData.FromObjectAsJson(mails, Json), json, cancellationToken);
        var listed = mails.Select(m => new ListedMail(Summary(m), MailSearchText.Of(m))).ToArray();
        var entries = listed.Select(IndexEntry.Of).ToArray();
        await _container.GetBlobClient(IndexFolder + requestId + ".json").UploadAsync(BinaryData.FromObjectAsJson(entries, Json), json, cancellationToken);
        _indexes[IndexFolder + requestId + ".json"] = listed;
    }

    /// <summary>Every captured message, oldest first.</summary>
    public async Task<IReadOnlyList<CapturedMailSummary>> ListAsync(CancellationToken cancellationToken = default) =>
        (await ListSearchableAsync(cancellationToken)).Select(m => m.Summary).ToArray();

    /// <summary>Every captured message with its search text, oldest first.</summary>
    public async Task<IReadOnlyList<ListedMail>> ListSearchableAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<ListedMail>();
        var indexes = new List<string>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (item.Name.StartsWith(IndexFolder, StringComparison.Ordinal))
            {
                indexes.Add(item.Name);
            }
            else if (!item.Name.StartsWith(RequestsFolder, StringComparison.Ordinal))
            {
                result.Add(_legacy.GetOrAdd(item.Name, _ =>
                {
                    var summary = LegacySummary(item);
                    return new ListedMail(summary, MailSearchText.Of(summary));
                }));
            }
        }

        await Parallel.ForEachAsync(
            indexes.Where(name => !_indexes.ContainsKey(name)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (name, token) => _indexes[name] = await ReadIndexAsync(name, token));
        result.AddRange(indexes.SelectMany(name => _indexes[name]));
        result.Sort((a, b) => string.CompareOrdinal(a.Summary.Id, b.Summary.Id));
        return result;
    }

    /// <summary>One message with its bodies, or null.</summary>
    public async Task<CapturedMail?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        try
        {
            var content = await _container.GetBlobClient(RequestsFolder + RequestIdOf(id) + ".json").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<CapturedMail[]>(Json)?.FirstOrDefault(m => m.Id == id);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await GetLegacyAsync(id, cancellationToken);
        }
    }

    internal static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private async Task<ListedMail[]> ReadIndexAsync(string name, CancellationToken cancellationToken)
    {
        var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        var entries = content.Value.Content.ToObjectFromJson<IndexEntry[]>(Json) ?? [];
        if (entries.All(e => e.SearchText is not null))
        {
            return entries.Select(e => new ListedMail(e.ToSummary(), e.SearchText!)).ToArray();
        }

        // Written before search texts were kept: the bodies are in the request blob, read once here.
        var requestId = name[IndexFolder.Length..^".json".Length];
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var request = await _container.GetBlobClient(RequestsFolder + requestId + ".json").DownloadContentAsync(cancellationToken);
            foreach (var mail in request.Value.Content.ToObjectFromJson<CapturedMail[]>(Json) ?? [])
            {
                texts[mail.Id] = MailSearchText.Of(mail);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No bodies to read: recipient and subject only.
        }

        return entries.Select(e =>
        {
            var summary = e.ToSummary();
            return new ListedMail(summary, e.SearchText ?? texts.GetValueOrDefault(summary.Id) ?? MailSearchText.Of(summary));
        }).ToArray();
    }

    private static CapturedMailSummary Summary(CapturedMail mail) =>
        new(mail.Id, mail.CapturedAt, mail.From, mail.To, mail.Subject, mail.IdempotencyKey, mail.Links) { SendCallId = mail.SendCallId };

    private async Task<CapturedMail?> GetLegacyAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var content = await _container.GetBlobClient(id + ".json").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<CapturedMail>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static CapturedMailSummary LegacySummary(BlobItem item)
    {
        var metadata = item.Metadata ?? new Dictionary<string, string>();
        string Read(string key) => metadata.TryGetValue(key, out var value) ? Uri.UnescapeDataString(value) : string.Empty;
        var capturedAt = long.TryParse(Read("capturedat"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
        var linksJson = Read("links");
        var links = linksJson.Length == 0 ? [] : JsonSerializer.Deserialize<string[]>(linksJson, Json) ?? [];
        var key = Read("idempotencykey");
        var id = item.Name.EndsWith(".json", StringComparison.Ordinal) ? item.Name[..^5] : item.Name;
        return new CapturedMailSummary(id, capturedAt, Read("from"), Read("to"), Read("subject"), key.Length == 0 ? null : key, links);
    }

    /// <summary>One message of an index blob: its summary and search text (absent in blobs written before search).</summary>
    private sealed record IndexEntry(
        string Id,
        DateTimeOffset CapturedAt,
        string From,
        string To,
        string Subject,
        string? IdempotencyKey,
        IReadOnlyList<string>? Links,
        string? SendCallId,
        string? SearchText)
    {
        public static IndexEntry Of(ListedMail mail)
        {
            var s = mail.Summary;
            return new IndexEntry(s.Id, s.CapturedAt, s.From, s.To, s.Subject, s.IdempotencyKey, s.Links, s.SendCallId, mail.SearchText);
        }

        public CapturedMailSummary ToSummary() =>
            new(Id, CapturedAt, From, To, Subject, IdempotencyKey, Links ?? []) { SendCallId = SendCallId };
    }
}
