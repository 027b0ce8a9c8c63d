using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// Partner-facing evidence endpoints: people with accreditations, revenue lines, customer references and their
/// evidence documents. Every body is checked against the active program definition; a rejected request writes
/// nothing. Reached through <see cref="PartnerRoutes"/>: the partner id and the caller's access are checked before.
/// </summary>
public sealed partial class PartnerEvidenceHandlers(
    IPartnerRepository partners,
    IEvidenceDocumentStore documents,
    ProgramDefinitionCache definitions,
    IOptions<EvidenceUploadOptions> uploadOptions,
    ApiRateLimits rateLimits,
    TimeProvider time,
    ILogger<PartnerEvidenceHandlers> logger)
{
    /// <summary>Source recorded on revenue lines a partner enters itself (distributor files carry their own).</summary>
    public const string PartnerRevenueSource = EvidenceRules.PartnerRevenueSource;

    /// <summary>PUT partners/{partnerId}/people/{personId}: creates or replaces a person and its accreditations.</summary>
    public async Task<IResult> PutPersonAsync(HttpRequest request, string partnerId, string personId, CancellationToken cancellationToken)
    {
        var (body, definition, problem) = await ReadAsync<PersonBody>(request, partnerId, ("personId", personId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var person = PartnerValidation.ToPerson(personId, body!, definition!, Today(), errors);
        if (person is null)
        {
            return ApiProblems.Validation(errors);
        }

        await partners.UpsertPeopleAsync(partnerId, [person], cancellationToken);
        LogEvidenceSaved(logger, partnerId, "person", personId);
        return ApiResults.Ok(new PersonResponse(
            partnerId,
            person.Id,
            person.Name,
            person.EmployedFrom,
            person.EmployedTo,
            person.Accreditations
                .Select(a => new AccreditationResponse(a.CompetencyId, a.CompletedOn, a.ExpiresOn, a.ExpiresOn ?? definition!.DefaultExpiry(a.CompletedOn)))
                .ToArray()));
    }

    /// <summary>PUT partners/{partnerId}/revenue/{lineId}: creates or replaces a monthly revenue line of a competency.</summary>
    public async Task<IResult> PutRevenueAsync(HttpRequest request, string partnerId, string lineId, CancellationToken cancellationToken)
    {
        var (body, definition, problem) = await ReadAsync<RevenueBody>(request, partnerId, ("lineId", lineId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        if (PartnerValidation.ToRevenueLine(lineId, body!, definition!, Today(), errors) is not { } line)
        {
            return ApiProblems.Validation(errors);
        }

        await partners.UpsertRevenueAsync(partnerId, [new RevenueEntry(line, PartnerRevenueSource)], cancellationToken);
        LogEvidenceSaved(logger, partnerId, "revenue line", lineId);
        return ApiResults.Ok(new RevenueResponse(partnerId, line.Id, line.CompetencyId, body!.Period!, line.Amount, line.Currency, PartnerRevenueSource));
    }

    /// <summary>
    /// PUT partners/{partnerId}/references/{referenceId}: submits a customer reference (201, state Submitted) or
    /// updates one still under review (200, state kept). A reference already approved or rejected cannot change (409).
    /// </summary>
    public async Task<IResult> PutReferenceAsync(HttpRequest request, string partnerId, string referenceId, CancellationToken cancellationToken)
    {
        var (body, definition, problem) = await ReadAsync<ReferenceBody>(request, partnerId, ("referenceId", referenceId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var existing = await partners.GetReferenceAsync(partnerId, referenceId, cancellationToken);
        if (existing is not null && IsDecided(existing.Reference.State))
        {
            return ReferenceDecided(referenceId, existing.Reference.State);
        }

        var errors = new List<FieldError>();
        var state = existing?.Reference.State ?? ReferenceState.Submitted;
        if (PartnerValidation.ToReference(referenceId, body!, definition!, state, errors) is not { } reference)
        {
            return ApiProblems.Validation(errors);
        }

        StoredReference saved;
        try
        {
            // Conditional on what was read: a staff decision landing meanwhile is never overwritten.
            var submitted = new ReferenceStateChange(ReferenceState.Submitted, time.GetUtcNow(), "partner:" + partnerId, null);
            saved = await partners.SaveReferenceDetailsAsync(partnerId, reference, submitted, existing?.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return ApiProblems.Conflict($"Reference '{referenceId}' changed while it was being saved (a review or another edit); read it again and retry.");
        }

        LogEvidenceSaved(logger, partnerId, "reference", referenceId);
        var response = new ReferenceResponse(
            partnerId,
            saved.Reference.Id,
            saved.Reference.CompetencyId,
            saved.Reference.CustomerName,
            saved.Reference.CustomerMarket,
            saved.Reference.Satisfaction,
            saved.Reference.State,
            saved.DocumentNames);
        return existing is null
            ? ApiResults.Created(PartnerHandlers.Location(partnerId) + "/references/" + Uri.EscapeDataString(referenceId), response)
            : ApiResults.Ok(response);
    }

    /// <summary>
    /// POST partners/{partnerId}/references/{referenceId}/documents: uploads an evidence document (the raw body, with
    /// its Content-Type). Content types outside the allow-list get 415, bodies over the limit 413. The document id is
    /// derived from the content, so a retried upload stores the document once. Rate-limited per partner (429).
    /// </summary>
    public async Task<IResult> PostReferenceDocumentAsync(HttpRequest request, string partnerId, string referenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(("referenceId", referenceId)) is { } invalid)
        {
            return invalid;
        }

        if (rateLimits.TryAcquire(request.HttpContext, ApiRateLimits.EvidenceUpload, partnerId) is { } limited)
        {
            return limited;
        }

        var options = uploadOptions.Value;
        var allowed = options.AllowedDocumentContentTypeList;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !allowed.Contains(mediaType.MediaType.Value?.ToLowerInvariant(), StringComparer.Ordinal))
        {
            return ApiProblems.UnsupportedMediaType("Content-Type", "Send the document with one of these content types: " + string.Join(", ", allowed) + ".");
        }

        if (request.ContentLength > options.MaxDocumentBytes)
        {
            return TooLarge(options.MaxDocumentBytes);
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        var reference = await partners.GetReferenceAsync(partnerId, referenceId, cancellationToken);
        if (reference is null)
        {
            return ApiProblems.NotFound($"Partner '{partnerId}' has no reference '{referenceId}'.");
        }

        if (IsDecided(reference.Reference.State))
        {
            return ReferenceDecided(referenceId, reference.Reference.State);
        }

        // Read at most one byte over the limit: a body without Content-Length is refused as soon as it passes it.
        var content = await ReadLimitedAsync(request.Body, options.MaxDocumentBytes, cancellationToken);
        if (content is null)
        {
            return TooLarge(options.MaxDocumentBytes);
        }

        if (content.Length == 0)
        {
            return ApiProblems.Validation(new FieldError("body", "is empty: send the document's bytes as the request body"));
        }

        var contentType = mediaType.MediaType.Value!.ToLowerInvariant();
        var documentId = Convert.ToHexStringLower(SHA256.HashData(content))[..32];
        StoredFile stored;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            stored = await documents.UploadAsync(partnerId, referenceId, documentId, contentType, stream, cancellationToken);
        }
        catch (DocumentRejectedException ex)
        {
            // Type and size were checked above; what is left is content that is not what its type says.
            return ApiProblems.UnsupportedMediaType("Content-Type", ex.Message);
        }

        await partners.AddReferenceDocumentAsync(partnerId, referenceId, stored.Name, cancellationToken);
        LogDocumentStored(logger, partnerId, referenceId, documentId, stored.Length);
        return ApiResults.Json(
            StatusCodes.Status201Created,
            new DocumentResponse(partnerId, referenceId, documentId, stored.Name, stored.ContentType, stored.Length));
    }

    private static bool IsDecided(ReferenceState state) => state is ReferenceState.Approved or ReferenceState.Rejected;

    private static IResult ReferenceDecided(string referenceId, ReferenceState state) =>
        ApiProblems.Conflict(
            $"Reference '{referenceId}' was {state.ToString().ToLowerInvariant()} by program staff and can no longer change; submit a new reference instead.",
            new Dictionary<string, object?> { ["state"] = state.ToString() });

    private static IResult TooLarge(long maxBytes) =>
        ApiProblems.TooLarge("body", FormattableString.Invariant($"The document is larger than {maxBytes} bytes."));

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

    // What every evidence PUT reads first, in this order: the evidence id, the body, the partner, the active definition.
    private async Task<(TBody? Body, ProgramDefinition? Definition, IResult? Problem)> ReadAsync<TBody>(
        HttpRequest request, string partnerId, (string Name, string Value) evidenceId, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(evidenceId) is { } invalid)
        {
            return (null, null, invalid);
        }

        var (body, problem) = await ApiJson.ReadAsync<TBody>(request, cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return (null, null, ApiProblems.UnknownPartner(partnerId));
        }

        try
        {
            return (body, await definitions.GetActiveAsync(cancellationToken), null);
        }
        catch (NoActiveDefinitionException)
        {
            return (null, null, ApiProblems.NoActiveDefinition());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId}: {Kind} {EvidenceId} saved")]
    private static partial void LogEvidenceSaved(ILogger logger, string partnerId, string kind, string evidenceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId}: document {DocumentId} ({Length} bytes) stored for reference {ReferenceId}")]
    private static partial void LogDocumentStored(ILogger logger, string partnerId, string referenceId, string documentId, long length);
}
