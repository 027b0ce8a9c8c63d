using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>How an evidence write ended.</summary>
public enum EvidenceWriteStatus
{
    /// <summary>Saved (an existing item replaced, or a document stored).</summary>
    Saved,

    /// <summary>Saved as a new item.</summary>
    Created,

    /// <summary>A field is wrong (<see cref="EvidenceWrite{T}.Errors"/>): nothing was written.</summary>
    Invalid,

    /// <summary>The partner does not exist.</summary>
    UnknownPartner,

    /// <summary>No program definition is active, so evidence cannot be checked.</summary>
    NoActiveDefinition,

    /// <summary>The reference a document is for does not exist.</summary>
    UnknownReference,

    /// <summary>The reference was approved or rejected by staff and can no longer change.</summary>
    ReferenceDecided,

    /// <summary>The reference changed while it was being saved (a review or another edit).</summary>
    Conflict,

    /// <summary>The document's content type is not accepted, or its content is not what the type says.</summary>
    UnsupportedDocument,

    /// <summary>The document is larger than the limit.</summary>
    DocumentTooLarge,
}

/// <summary>A person as saved, with each accreditation's expiry in force (its own, else the definition's default).</summary>
public sealed record SavedPerson(Person Person, IReadOnlyList<DateOnly> EffectiveExpiries);

/// <summary>The outcome of an evidence write: what was saved, or why nothing was.</summary>
/// <param name="Detail">For <see cref="EvidenceWriteStatus.UnsupportedDocument"/>: what the store refused, when it said.</param>
/// <param name="Value">What was saved; default unless <see cref="IsSaved"/>.</param>
public sealed record EvidenceWrite<T>(EvidenceWriteStatus Status, T? Value, IReadOnlyList<FieldError> Errors, ReferenceState? State = null, string? Detail = null)
{
    /// <summary>True when something was written.</summary>
    public bool IsSaved => Status is EvidenceWriteStatus.Saved or EvidenceWriteStatus.Created;

    internal static EvidenceWrite<T> Done(T value, bool created = false) => new(created ? EvidenceWriteStatus.Created : EvidenceWriteStatus.Saved, value, []);

    internal static EvidenceWrite<T> Refused(EvidenceWriteStatus status, ReferenceState? state = null, string? detail = null) => new(status, default, [], state, detail);

    internal static EvidenceWrite<T> Invalid(IReadOnlyList<FieldError> errors) => new(EvidenceWriteStatus.Invalid, default, errors);
}

/// <summary>
/// The one path by which a partner's evidence is checked and saved, shared by the API (JSON bodies) and the partner's
/// evidence page (forms): the same partner and definition checks, the same field rules (<see cref="PartnerValidation"/>),
/// the same conditional save of references. A refused write writes nothing.
/// </summary>
public sealed partial class PartnerEvidenceWriter(
    IPartnerRepository partners,
    IEvidenceDocumentStore documents,
    ProgramDefinitionCache definitions,
    IOptions<EvidenceUploadOptions> uploadOptions,
    TimeProvider time,
    ILogger<PartnerEvidenceWriter> logger)
{
    /// <summary>The content types documents may have (lowercase media types).</summary>
    public IReadOnlyList<string> AllowedDocumentTypes => uploadOptions.Value.AllowedDocumentContentTypeList;

    /// <summary>The largest document accepted, in bytes.</summary>
    public long MaxDocumentBytes => uploadOptions.Value.MaxDocumentBytes;

    /// <summary>Creates or replaces a person and its accreditations.</summary>
    public async Task<EvidenceWrite<SavedPerson>> SavePersonAsync(string partnerId, string personId, PersonBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (definition, refused) = await CheckAsync<SavedPerson>(partnerId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var errors = new List<FieldError>();
        if (PartnerValidation.ToPerson(personId, body, definition!, Today(), errors) is not { } person)
        {
            return EvidenceWrite<SavedPerson>.Invalid(errors);
        }

        // A resolved duplicate's exclusion is kept apart from the person: the rewrite keeps it, and the answer says so.
        var before = await partners.GetPersonAsync(partnerId, personId, cancellationToken);
        await partners.UpsertPeopleAsync(partnerId, [person], cancellationToken);
        person = person with { DuplicateOf = before?.DuplicateOf };
        AuditScope.Current?.Change("person " + personId, before, person);
        LogEvidenceSaved(logger, partnerId, "person", personId);
        return EvidenceWrite<SavedPerson>.Done(new SavedPerson(person, person.Accreditations.Select(a => a.ExpiresOn ?? definition!.DefaultExpiry(a.CompletedOn)).ToArray()));
    }

    /// <summary>Creates or replaces a monthly revenue line the partner enters itself.</summary>
    public async Task<EvidenceWrite<SavedRevenueLine>> SaveRevenueAsync(string partnerId, string lineId, RevenueBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (definition, refused) = await CheckAsync<SavedRevenueLine>(partnerId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var errors = new List<FieldError>();
        if (PartnerValidation.ToRevenueLine(lineId, body, definition!, Today(), errors) is not { } line)
        {
            return EvidenceWrite<SavedRevenueLine>.Invalid(errors);
        }

        var before = AuditScope.Current is null ? null : (await partners.GetSnapshotAsync(partnerId, cancellationToken))?.Evidence.Revenue.FirstOrDefault(l => l.Id == lineId);
        await partners.UpsertRevenueAsync(partnerId, [new RevenueEntry(line, EvidenceRules.PartnerRevenueSource)], cancellationToken);
        AuditScope.Current?.Change("revenue " + lineId, before, line);
        LogEvidenceSaved(logger, partnerId, "revenue line", lineId);
        return EvidenceWrite<SavedRevenueLine>.Done(SavedRevenueLine.Of(line, definition!));
    }

    /// <summary>
    /// Submits a customer reference (Created, state Submitted) or updates one still under review (Saved, state kept). A
    /// reference staff approved or rejected cannot change; a review landing meanwhile is never overwritten (Conflict).
    /// </summary>
    public async Task<EvidenceWrite<StoredReference>> SaveReferenceAsync(string partnerId, string referenceId, ReferenceBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (definition, refused) = await CheckAsync<StoredReference>(partnerId, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var existing = await partners.GetReferenceAsync(partnerId, referenceId, cancellationToken);
        if (existing is not null && IsDecided(existing.Reference.State))
        {
            return EvidenceWrite<StoredReference>.Refused(EvidenceWriteStatus.ReferenceDecided, existing.Reference.State);
        }

        var errors = new List<FieldError>();
        var state = existing?.Reference.State ?? ReferenceState.Submitted;
        if (PartnerValidation.ToReference(referenceId, body, definition!, state, errors) is not { } reference)
        {
            return EvidenceWrite<StoredReference>.Invalid(errors);
        }

        try
        {
            var submitted = new ReferenceStateChange(ReferenceState.Submitted, time.GetUtcNow(), "partner:" + partnerId, null);
            var saved = await partners.SaveReferenceDetailsAsync(partnerId, reference, submitted, existing?.ETag, cancellationToken);
            AuditScope.Current?.Change("reference " + referenceId, existing?.Reference, saved.Reference);
            LogEvidenceSaved(logger, partnerId, "reference", referenceId);
            return EvidenceWrite<StoredReference>.Done(saved, created: existing is null);
        }
        catch (ConcurrencyConflictException)
        {
            return EvidenceWrite<StoredReference>.Refused(EvidenceWriteStatus.Conflict);
        }
    }

    /// <summary>
    /// Stores an evidence document of a reference still under review. The content type must be allowed and the
    /// content at most <see cref="MaxDocumentBytes"/> (read at most one byte over, so a body without a length is
    /// refused as soon as it passes it). The document id is derived from the content: a retried upload stores it once.
    /// </summary>
    public async Task<EvidenceWrite<StoredFile>> SaveDocumentAsync(string partnerId, string referenceId, string? mediaType, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var contentType = mediaType?.Trim().ToLowerInvariant();
        if (contentType is null || !AllowedDocumentTypes.Contains(contentType, StringComparer.Ordinal))
        {
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.UnsupportedDocument);
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.UnknownPartner);
        }

        var reference = await partners.GetReferenceAsync(partnerId, referenceId, cancellationToken);
        if (reference is null)
        {
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.UnknownReference);
        }

        if (IsDecided(reference.Reference.State))
        {
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.ReferenceDecided, reference.Reference.State);
        }

        var bytes = await ReadLimitedAsync(content, MaxDocumentBytes, cancellationToken);
        if (bytes is null)
        {
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.DocumentTooLarge);
        }

        if (bytes.Length == 0)
        {
            return EvidenceWrite<StoredFile>.Invalid([new FieldError("body", "is empty: send the document's bytes as the request body")]);
        }

        var documentId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..32];
        StoredFile stored;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            stored = await documents.UploadAsync(partnerId, referenceId, documentId, contentType, stream, cancellationToken);
        }
        catch (DocumentRejectedException ex)
        {
            // Type and size were checked above; what is left is content that is not what its type says.
            return EvidenceWrite<StoredFile>.Refused(EvidenceWriteStatus.UnsupportedDocument, detail: ex.Message);
        }

        await partners.AddReferenceDocumentAsync(partnerId, referenceId, stored.Name, cancellationToken);
        AuditScope.Current?.Change("reference " + referenceId + " document " + documentId, null, new { stored.Name, stored.ContentType, stored.Length });
        LogDocumentStored(logger, partnerId, referenceId, documentId, stored.Length);
        return EvidenceWrite<StoredFile>.Done(stored, created: true);
    }

    /// <summary>The document id of a stored document name (what the document routes take).</summary>
    public static string DocumentId(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Name[(file.Name.LastIndexOf('/') + 1)..];
    }

    private static bool IsDecided(ReferenceState state) => state is ReferenceState.Approved or ReferenceState.Rejected;

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    // The partner exists and a definition is active (evidence is checked against it): the definition, or why not.
    private async Task<(ProgramDefinition? Definition, EvidenceWrite<T>? Refused)> CheckAsync<T>(string partnerId, CancellationToken cancellationToken)
    {
        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return (null, EvidenceWrite<T>.Refused(EvidenceWriteStatus.UnknownPartner));
        }

        try
        {
            return (await definitions.GetActiveAsync(cancellationToken), null);
        }
        catch (NoActiveDefinitionException)
        {
            return (null, EvidenceWrite<T>.Refused(EvidenceWriteStatus.NoActiveDefinition));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId}: {Kind} {EvidenceId} saved")]
    private static partial void LogEvidenceSaved(ILogger logger, string partnerId, string kind, string evidenceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId}: document {DocumentId} ({Length} bytes) stored for reference {ReferenceId}")]
    private static partial void LogDocumentStored(ILogger logger, string partnerId, string referenceId, string documentId, long length);
}
