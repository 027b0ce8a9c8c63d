using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// Partner-facing evidence endpoints: people with accreditations, revenue lines, customer references and their
/// evidence documents. The checks and the save are <see cref="PartnerEvidenceWriter"/>'s (shared with the partner's
/// evidence page); this class reads JSON bodies and answers problem+json. A rejected request writes nothing. Reached
/// through <see cref="PartnerRoutes"/>: the partner id and the caller's access are checked before.
/// </summary>
public sealed class PartnerEvidenceHandlers(PartnerEvidenceWriter writer, ApiRateLimits rateLimits)
{
    /// <summary>Source recorded on revenue lines a partner enters itself (distributor files carry their own).</summary>
    public const string PartnerRevenueSource = EvidenceRules.PartnerRevenueSource;

    /// <summary>PUT partners/{partnerId}/people/{personId}: creates or replaces a person and its accreditations.</summary>
    public async Task<IResult> PutPersonAsync(HttpRequest request, string partnerId, string personId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync<PersonBody>(request, ("personId", personId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var write = await writer.SavePersonAsync(partnerId, personId, body!, cancellationToken);
        if (write.Value is not { Person: var person } saved)
        {
            return Refusal(write, partnerId, personId);
        }

        return ApiResults.Ok(new PersonResponse(
            partnerId,
            person.Id,
            person.Name,
            person.EmployedFrom,
            person.EmployedTo,
            person.Accreditations.Select((a, i) => new AccreditationResponse(a.CompetencyId, a.CompletedOn, a.ExpiresOn, saved.EffectiveExpiries[i], a.CertificateId)).ToArray(),
            person.Email,
            person.DuplicateOf));
    }

    /// <summary>PUT partners/{partnerId}/revenue/{lineId}: creates or replaces a monthly revenue line of a competency.</summary>
    public async Task<IResult> PutRevenueAsync(HttpRequest request, string partnerId, string lineId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync<RevenueBody>(request, ("lineId", lineId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var write = await writer.SaveRevenueAsync(partnerId, lineId, body!, cancellationToken);
        if (!write.IsSaved)
        {
            return Refusal(write, partnerId, lineId);
        }

        var (line, conversion) = write.Value!;
        return ApiResults.Ok(new RevenueResponse(partnerId, line.Id, line.CompetencyId, body!.Period!, line.Amount, line.Currency, PartnerRevenueSource, conversion));
    }

    /// <summary>
    /// PUT partners/{partnerId}/references/{referenceId}: submits a customer reference (201, state Submitted) or
    /// updates one still under review (200, state kept). A reference already approved or rejected cannot change (409).
    /// </summary>
    public async Task<IResult> PutReferenceAsync(HttpRequest request, string partnerId, string referenceId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ReadAsync<ReferenceBody>(request, ("referenceId", referenceId), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var write = await writer.SaveReferenceAsync(partnerId, referenceId, body!, cancellationToken);
        if (write.Value is not { } saved)
        {
            return Refusal(write, partnerId, referenceId);
        }

        var response = new ReferenceResponse(
            partnerId,
            saved.Reference.Id,
            saved.Reference.CompetencyId,
            saved.Reference.CustomerName,
            saved.Reference.CustomerMarket,
            saved.Reference.Satisfaction,
            saved.Reference.State,
            saved.DocumentNames);
        return write.Status == EvidenceWriteStatus.Created
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

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (request.ContentLength > writer.MaxDocumentBytes && mediaType is not null && writer.AllowedDocumentTypes.Contains(mediaType.ToLowerInvariant(), StringComparer.Ordinal))
        {
            return TooLarge(writer.MaxDocumentBytes);
        }

        var write = await writer.SaveDocumentAsync(partnerId, referenceId, mediaType, request.Body, cancellationToken);
        return write.Value is { } stored
            ? ApiResults.Json(
                StatusCodes.Status201Created,
                new DocumentResponse(partnerId, referenceId, PartnerEvidenceWriter.DocumentId(stored), stored.Name, stored.ContentType, stored.Length))
            : Refusal(write, partnerId, referenceId);
    }

    private IResult Refusal<T>(EvidenceWrite<T> write, string partnerId, string evidenceId) => write.Status switch
    {
        EvidenceWriteStatus.Invalid => ApiProblems.Validation(write.Errors),
        EvidenceWriteStatus.UnknownPartner => ApiProblems.UnknownPartner(partnerId),
        EvidenceWriteStatus.NoActiveDefinition => ApiProblems.NoActiveDefinition(),
        EvidenceWriteStatus.UnknownReference => ApiProblems.NotFound($"Partner '{partnerId}' has no reference '{evidenceId}'."),
        EvidenceWriteStatus.ReferenceDecided => ApiProblems.Conflict(
            $"Reference '{evidenceId}' was {write.State.ToString()!.ToLowerInvariant()} by program staff and can no longer change; submit a new reference instead.",
            new Dictionary<string, object?> { ["state"] = write.State.ToString() }),
        EvidenceWriteStatus.Conflict => ApiProblems.Conflict($"Reference '{evidenceId}' changed while it was being saved (a review or another edit); read it again and retry."),
        EvidenceWriteStatus.UnsupportedDocument => ApiProblems.UnsupportedMediaType(
            "Content-Type",
            write.Detail ?? "Send the document with one of these content types: " + string.Join(", ", writer.AllowedDocumentTypes) + "."),
        EvidenceWriteStatus.DocumentTooLarge => TooLarge(writer.MaxDocumentBytes),
        _ => throw new InvalidOperationException("A saved write is not a refusal."),
    };

    private static IResult TooLarge(long maxBytes) =>
        ApiProblems.TooLarge("body", FormattableString.Invariant($"The document is larger than {maxBytes} bytes."));

    // What every evidence PUT reads first, in this order: the evidence id, then the body.
    private static async Task<(TBody? Body, IResult? Problem)> ReadAsync<TBody>(HttpRequest request, (string Name, string Value) evidenceId, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(evidenceId) is { } invalid)
        {
            return (null, invalid);
        }

        return await ApiJson.ReadAsync<TBody>(request, cancellationToken);
    }
}
