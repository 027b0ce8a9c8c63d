using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>An evidence document attached to the reference an approval is about.</summary>
public sealed record ApprovalDocument(string DocumentId, string ContentType, long Length);

/// <summary>
/// The evidence documents of a reference approval (the partner's uploads for that reference), so the approver reads
/// them before deciding: listed on the emailed page and the console's, opened through the link's token or the session.
/// </summary>
public sealed class ApprovalDocuments(IEvidenceDocumentStore documents)
{
    /// <summary>The documents of the request's reference; none for other kinds of request.</summary>
    public async Task<IReadOnlyList<ApprovalDocument>> ListAsync(ApprovalRequest approval, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        if (Reference(approval) is not { } reference)
        {
            return [];
        }

        var stored = await documents.ListAsync(reference.PartnerId, reference.ReferenceId, cancellationToken);
        return stored.Select(f => new ApprovalDocument(IdOf(f.Name), f.ContentType, f.Length)).OrderBy(d => d.DocumentId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One of them by id, or null (unknown id, or not this request's reference).</summary>
    public async Task<FileContent?> ReadAsync(ApprovalRequest approval, string documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(approval);
        if (Reference(approval) is not { } reference || string.IsNullOrEmpty(documentId))
        {
            return null;
        }

        var stored = await documents.ListAsync(reference.PartnerId, reference.ReferenceId, cancellationToken);
        var match = stored.FirstOrDefault(f => IdOf(f.Name) == documentId);
        return match is null ? null : await documents.DownloadAsync(match.Name, cancellationToken);
    }

    private static ReferenceApprovalPayload? Reference(ApprovalRequest approval) =>
        approval.Kind == ApprovalKinds.Reference ? ApprovalPayloads.Deserialize<ReferenceApprovalPayload>(approval.PayloadJson) : null;

    // Blob names are partner/reference/document.
    private static string IdOf(string blobName) => blobName[(blobName.LastIndexOf('/') + 1)..];
}
