using Azure.Storage.Blobs;
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
        return await BlobFiles.UploadAsync(_container, BlobName(kind, runId, fileName), content, contentType, cancellationToken);
    }

    public Task<FileContent?> ReadAsync(string name, CancellationToken cancellationToken = default) =>
        BlobFiles.ReadAsync(_container, name, cancellationToken);

    public Task<IReadOnlyList<StoredFile>> ListAsync(WorkflowRunKind kind, string runId, CancellationToken cancellationToken = default) =>
        BlobFiles.ListAsync(_container, TableWorkflowRunRepository.KindKey(kind) + "/" + KeyEncoding.Encode(runId) + "/", cancellationToken);
}
