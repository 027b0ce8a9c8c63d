using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Infrastructure.Files;

/// <summary>The blob operations every file store shares: write with a content type, read, list by prefix.</summary>
internal static class BlobFiles
{
    public static async Task<StoredFile> UploadAsync(BlobContainerClient container, string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await container.GetBlobClient(name).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
        return new StoredFile(name, contentType, content.Length);
    }

    public static async Task<FileContent?> ReadAsync(BlobContainerClient container, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var response = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return new FileContent(name, response.Value.Details.ContentType, response.Value.Content.ToMemory());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static async Task<IReadOnlyList<StoredFile>> ListAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var files = new List<StoredFile>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            files.Add(new StoredFile(blob.Name, blob.Properties.ContentType ?? string.Empty, blob.Properties.ContentLength ?? 0));
        }

        return files;
    }
}
