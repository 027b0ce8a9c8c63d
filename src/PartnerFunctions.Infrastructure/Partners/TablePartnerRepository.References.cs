using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>Customer references: details, review state and history, evidence documents (conditional writes).</summary>
public sealed partial class TablePartnerRepository
{
    public async Task<StoredReference?> GetReferenceAsync(string partnerId, string referenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(referenceId);
        var pk = PartnerRows.PartitionKey(partnerId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.ReferenceKey(pk, referenceId), cancellationToken: cancellationToken);
        return response.HasValue ? PartnerRows.ToStoredReference(partnerId, response.Value!) : null;
    }

    public async Task<StoredReference> SaveReferenceDetailsAsync(string partnerId, CustomerReference reference, ReferenceStateChange submitted, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(submitted);
        try
        {
            if (expectedETag is null)
            {
                var created = reference with { State = submitted.State };
                var row = PartnerRows.Reference(partnerId, created, [submitted], []);
                var response = await _table.AddEntityAsync(row, cancellationToken);
                return new StoredReference(partnerId, created, [submitted], [], response.Headers.ETag?.ToString() ?? string.Empty);
            }

            var stored = await GetReferenceAsync(partnerId, reference.Id, cancellationToken)
                ?? throw new ConcurrencyConflictException($"Reference {reference.Id} of partner {partnerId} was deleted since it was read.");
            if (!string.Equals(stored.ETag, expectedETag, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException($"Reference {reference.Id} of partner {partnerId} changed since it was read; re-read it and try again.");
            }

            // The review state is server-owned: the stored one is kept whatever the caller sent.
            var edited = reference with { State = stored.Reference.State };
            var replacement = PartnerRows.Reference(partnerId, edited, stored.History, stored.DocumentNames);
            var updated = await _table.UpdateEntityAsync(replacement, TableErrors.ToETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return stored with { Reference = edited, ETag = updated.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Reference {reference.Id} of partner {partnerId}", ex);
        }
    }

    public async Task<StoredReference> ChangeReferenceStateAsync(string partnerId, string referenceId, ReferenceStateChange change, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var etag = TableErrors.ToETag(expectedETag);
        var stored = await GetReferenceAsync(partnerId, referenceId, cancellationToken)
            ?? throw new KeyNotFoundException($"Partner {partnerId} has no reference {referenceId}.");
        var reference = stored.Reference with { State = change.State };
        var row = PartnerRows.Reference(partnerId, reference, [.. stored.History, change], stored.DocumentNames);
        try
        {
            // If-Match with the caller's token: if the row changed since the caller read it, this fails.
            var response = await _table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return stored with { Reference = reference, History = [.. stored.History, change], ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Reference {referenceId} of partner {partnerId}", ex);
        }
    }

    public async Task<StoredReference> AddReferenceDocumentAsync(string partnerId, string referenceId, string documentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentName);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetReferenceAsync(partnerId, referenceId, cancellationToken)
                ?? throw new KeyNotFoundException($"Partner {partnerId} has no reference {referenceId}.");
            if (stored.DocumentNames.Contains(documentName, StringComparer.Ordinal))
            {
                return stored;
            }

            var documents = stored.DocumentNames.Append(documentName).ToArray();
            var row = PartnerRows.Reference(partnerId, stored.Reference, stored.History, documents);
            try
            {
                var response = await _table.UpdateEntityAsync(row, TableErrors.ToETag(stored.ETag), TableUpdateMode.Replace, cancellationToken);
                return stored with { DocumentNames = documents, ETag = response.Headers.ETag?.ToString() ?? string.Empty };
            }
            catch (RequestFailedException ex) when (TableErrors.IsPreconditionFailed(ex) && attempt < MaxRetries)
            {
                // Adding a name to a set is safe to re-apply on the newer row.
            }
            catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
            {
                throw TableErrors.Conflict($"Reference {referenceId} of partner {partnerId}", ex);
            }
        }
    }
}
