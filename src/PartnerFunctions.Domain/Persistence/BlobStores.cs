namespace PartnerFunctions.Domain.Persistence;

/// <summary>A document was refused before it was stored (content type not allowed, too large, empty).</summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException()
    {
    }

    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A stored file.</summary>
/// <param name="Name">The blob name, unique in its store.</param>
public sealed record StoredFile(string Name, string ContentType, long Length);

/// <summary>A file read back from a store.</summary>
public sealed record FileContent(string Name, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>Evidence documents a partner uploads for a customer reference.</summary>
public interface IEvidenceDocumentStore
{
    /// <summary>
    /// Stores a document under partner/reference/document, after checking its content type against the allow-list
    /// and its size against the limit (<see cref="DocumentRejectedException"/> otherwise; nothing is stored).
    /// </summary>
    Task<StoredFile> UploadAsync(string partnerId, string referenceId, string documentId, string contentType, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The document, or null.</summary>
    Task<FileContent?> DownloadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The documents of one reference.</summary>
    Task<IReadOnlyList<StoredFile>> ListAsync(string partnerId, string referenceId, CancellationToken cancellationToken = default);

    /// <summary>Deletes a document; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Reports (CSV, JSON) written by workflow runs.</summary>
public interface IReportStore
{
    /// <summary>Writes (or overwrites: a re-run activity writes the same report) a report file of a run.</summary>
    Task<StoredFile> WriteAsync(WorkflowRunKind kind, string runId, string fileName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The report, or null.</summary>
    Task<FileContent?> ReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The reports of a run.</summary>
    Task<IReadOnlyList<StoredFile>> ListAsync(WorkflowRunKind kind, string runId, CancellationToken cancellationToken = default);
}

/// <summary>The JSON file of every program definition version.</summary>
public interface IProgramDefinitionFileStore
{
    /// <summary>Writes the JSON of a version; the same JSON again is a no-op, different JSON for a stored version is a <see cref="ConcurrencyConflictException"/>.</summary>
    Task<string> SaveAsync(string id, int version, string json, CancellationToken cancellationToken = default);

    /// <summary>The JSON of a version, or null.</summary>
    Task<string?> ReadAsync(string id, int version, CancellationToken cancellationToken = default);
}
