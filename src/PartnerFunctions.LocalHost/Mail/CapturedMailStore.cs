using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>
/// Captured messages in Blob storage (container "captured-mail", with the storage prefix): one JSON blob per
/// recipient, named by capture time so the listing comes back in order; the listing's fields are kept in the blob's
/// metadata so that listing is one call per 5,000 messages.
/// </summary>
public sealed class CapturedMailStore
{
    /// <summary>The container name before the storage prefix.</summary>
    public const string ContainerBaseName = "captured-mail";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container;

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

    public async Task SaveAsync(CapturedMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var blob = _container.GetBlobClient(mail.Id + ".json");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Metadata values are HTTP headers: ASCII only, so text is percent-encoded.
            ["to"] = Uri.EscapeDataString(mail.To),
            ["from"] = Uri.EscapeDataString(mail.From),
            ["subject"] = Uri.EscapeDataString(mail.Subject),
            ["capturedat"] = mail.CapturedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["links"] = Uri.EscapeDataString(JsonSerializer.Serialize(mail.Links, Json)),
        };
        if (mail.IdempotencyKey is { } key)
        {
            metadata["idempotencykey"] = Uri.EscapeDataString(key);
        }

        await blob.UploadAsync(
            BinaryData.FromObjectAsJson(mail, Json),
            new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
    }

    /// <summary>Every captured message, oldest first.</summary>
    public async Task<IReadOnlyList<CapturedMailSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<CapturedMailSummary>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            result.Add(Summary(item));
        }

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
            var content = await _container.GetBlobClient(id + ".json").DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<CapturedMail>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    internal static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static CapturedMailSummary Summary(BlobItem item)
    {
        var metadata = item.Metadata ?? new Dictionary<string, string>();
        string Read(string key) => metadata.TryGetValue(key, out var value) ? Uri.UnescapeDataString(value) : string.Empty;
        var capturedAt = long.TryParse(Read("capturedat"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
        var linksJson = Read("links");
        var links = linksJson.Length == 0 ? [] : JsonSerializer.Deserialize<string[]>(linksJson, Json) ?? [];
        var key = Read("idempotencykey");
        var id = item.Name.EndsWith(".json", StringComparison.Ordinal) ? item.Name[..^5] : item.Name;
        return new CapturedMailSummary(id, capturedAt, Read("from"), Read("to"), Read("subject"), key.Length == 0 ? null : key, links);
    }
}
