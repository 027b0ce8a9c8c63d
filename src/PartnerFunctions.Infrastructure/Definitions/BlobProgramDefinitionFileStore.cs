using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Definitions;

/// <summary>The JSON of every definition version in the <c>program-definitions</c> container, as {id}/v{version}.json.</summary>
public sealed class BlobProgramDefinitionFileStore : IProgramDefinitionFileStore
{
    private readonly BlobContainerClient _container;

    public BlobProgramDefinitionFileStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _container = clients.Container(clients.Names.ProgramDefinitionsContainer);
    }

    public static string BlobName(string id, int version) =>
        KeyEncoding.Encode(id) + "/" + FormattableString.Invariant($"v{version}.json");

    public async Task<string> SaveAsync(string id, int version, string json, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(json);
        var name = BlobName(id, version);
        var blob = _container.GetBlobClient(name);
        try
        {
            // Versions never change once stored: create only (If-None-Match: *).
            await blob.UploadAsync(
                BinaryData.FromString(json),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var stored = await ReadAsync(id, version, cancellationToken);
            if (!string.Equals(stored, json, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException($"Program definition {id} v{version} is stored already with a different content.", ex);
            }
        }

        return name;
    }

    public async Task<string?> ReadAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _container.GetBlobClient(BlobName(id, version)).DownloadContentAsync(cancellationToken);
            return Encoding.UTF8.GetString(response.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
