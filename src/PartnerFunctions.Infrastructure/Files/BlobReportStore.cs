using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Infrastructure.WorkflowRuns;

namespace PartnerFunctions.Infrastructure.Files;

/// <summary>Run reports in the <c>reports</c> container, named {runKind}/{runId}/{fileName}.</summary>
public sealed class BlobReportStore : IReportStore
{
    private readonly BlobContainerClient _container;

    public BlobReportStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _container = clients.Container(clients.Names.ReportsContainer);
    }

    public static string BlobName(WorkflowRunKind kind, string runId, string fileName) =>
        string.Join('/', TableWorkflowRunRepository.KindKey(kind), KeyEncoding.Encode(runId), KeyEncoding.Encode(fileName));

    public async Task<StoredFile> WriteAsync(WorkflowRunKind kind, string runId, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var name = BlobName(kind, runId, fileName);
        await _container.GetBlobClient(name).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);
        return new StoredFile(name, contentType, content.Length);
    }

    public async Task<FileContent?> ReadAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        try
        {
            var response = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return new FileContent(name, response.Value.Details.ContentType, response.Value.Content.ToMemory());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<StoredFile>> ListAsync(WorkflowRunKind kind, string runId, CancellationToken cancellationToken = default)
    {
        var prefix = TableWorkflowRunRepository.KindKey(kind) + "/" + KeyEncoding.Encode(runId) + "/";
        var files = new List<StoredFile>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            files.Add(new StoredFile(blob.Name, blob.Properties.ContentType ?? string.Empty, blob.Properties.ContentLength ?? 0));
        }

        return files;
    }
}
