using Azure.Storage.Blobs;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Files;

/// <summary>
/// Evidence documents in the <c>evidence-documents</c> container, named {partnerId}/{referenceId}/{documentId}. The
/// content type must be on the allow-list, match the file's first bytes (for PDF, PNG and JPEG), and the size must be
/// within the limit: all checked before anything is uploaded.
/// </summary>
public sealed class BlobEvidenceDocumentStore : IEvidenceDocumentStore
{
    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private readonly BlobContainerClient _container;
    private readonly long _maxBytes;
    private readonly HashSet<string> _allowed;

    public BlobEvidenceDocumentStore(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _container = clients.Container(clients.Names.EvidenceDocumentsContainer);
        _maxBytes = clients.Options.MaxDocumentBytes;
        _allowed = new HashSet<string>(clients.Options.AllowedDocumentContentTypeList.Select(Normalize), StringComparer.Ordinal);
    }

    public static string BlobName(string partnerId, string referenceId, string documentId) =>
        string.Join('/', KeyEncoding.Encode(partnerId), KeyEncoding.Encode(referenceId), KeyEncoding.Encode(documentId));

    public async Task<StoredFile> UploadAsync(string partnerId, string referenceId, string documentId, string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(referenceId);
        ArgumentException.ThrowIfNullOrEmpty(documentId);
        ArgumentNullException.ThrowIfNull(content);
        var type = Normalize(contentType ?? string.Empty);
        if (!_allowed.Contains(type))
        {
            throw new DocumentRejectedException($"Content type '{contentType}' is not accepted; use one of {string.Join(", ", _allowed.Order(StringComparer.Ordinal))}.");
        }

        if (content.CanSeek && content.Length - content.Position > _maxBytes)
        {
            throw new DocumentRejectedException(TooLarge(content.Length - content.Position));
        }

        // Read at most one byte over the limit: a stream of unknown length is refused as soon as it passes it.
        var data = await ReadLimitedAsync(content, cancellationToken);
        if (data.Length == 0)
        {
            throw new DocumentRejectedException("The document is empty.");
        }

        if (!LooksLike(type, data.Span))
        {
            throw new DocumentRejectedException($"The document's content is not {type}.");
        }

        return await BlobFiles.UploadAsync(_container, BlobName(partnerId, referenceId, documentId), data, type, cancellationToken);
    }

    public Task<FileContent?> DownloadAsync(string name, CancellationToken cancellationToken = default) =>
        BlobFiles.ReadAsync(_container, name, cancellationToken);

    public Task<IReadOnlyList<StoredFile>> ListAsync(string partnerId, string referenceId, CancellationToken cancellationToken = default) =>
        BlobFiles.ListAsync(_container, KeyEncoding.Encode(partnerId) + "/" + KeyEncoding.Encode(referenceId) + "/", cancellationToken);

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        return response.Value;
    }

    private static string Normalize(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }

    private static bool LooksLike(string type, ReadOnlySpan<byte> data) => type switch
    {
        "application/pdf" => data.StartsWith(PdfMagic),
        "image/png" => data.StartsWith(PngMagic),
        "image/jpeg" => data.StartsWith(JpegMagic),
        _ => true,
    };

    private string TooLarge(long length) =>
        FormattableString.Invariant($"The document is {length} bytes; at most {_maxBytes} bytes are accepted.");

    private async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _maxBytes)
            {
                throw new DocumentRejectedException(FormattableString.Invariant($"The document is over {_maxBytes} bytes, the most accepted."));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
