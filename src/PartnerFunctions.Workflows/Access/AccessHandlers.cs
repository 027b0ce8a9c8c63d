using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Access;

/// <summary>Body of POST staff/partners/{partnerId}/credentials (optional).</summary>
/// <param name="Label">What the key is for (e.g. "ERP integration"), up to 100 characters.</param>
public sealed record IssueCredentialRequest(string? Label);

/// <summary>A newly issued key: <see cref="Key"/> is shown here once and never again (only its hash is stored).</summary>
public sealed record IssuedCredentialResponse(string CredentialId, string PartnerId, string Key, string? Label, DateTimeOffset IssuedAt, string IssuedBy);

/// <summary>A credential as staff see it later (no key, no hash).</summary>
public sealed record CredentialView(string CredentialId, string? Label, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static CredentialView From(PartnerCredential c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.CredentialId, c.Label, c.IssuedAt, c.IssuedBy, c.RevokedAt, c.RevokedBy);
    }
}

/// <summary>The credentials of a partner.</summary>
public sealed record CredentialList(string PartnerId, IReadOnlyList<CredentialView> Credentials);

/// <summary>A principal mapped to a partner.</summary>
public sealed record PrincipalView(string ObjectId, string PartnerId, DateTimeOffset MappedAt, string MappedBy);

/// <summary>
/// Staff endpoints that give partners access: API keys (issue, list, revoke) and Entra ID principals mapped to a
/// partner (for App Service Authentication). Reached through <see cref="AccessRoutes"/>, staff only: the staff member
/// recorded (<c>staffId</c>) is the one the route's staff check identified from the caller's credential.
/// </summary>
public sealed partial class AccessHandlers(
    IPartnerCredentialRepository credentials,
    PartnerCredentials keys,
    IPartnerRepository partners,
    TimeProvider time,
    ILogger<AccessHandlers> logger)
{
    /// <summary>Longest label accepted.</summary>
    public const int MaxLabelLength = 100;

    /// <summary>
    /// POST staff/partners/{partnerId}/credentials: issues an API key for the partner. 201 with the key (shown once,
    /// Cache-Control: no-store); 404 for an unknown partner; 400 for a bad label.
    /// </summary>
    public async Task<IResult> IssueAsync(HttpRequest request, string partnerId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(("partnerId", partnerId)) is { } invalid)
        {
            return invalid;
        }

        string? label = null;
        if (request.ContentLength > 0 || (request.ContentLength is null && request.ContentType is not null))
        {
            var (body, problem) = await ApiJson.ReadAsync<IssueCredentialRequest>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            label = string.IsNullOrWhiteSpace(body!.Label) ? null : body.Label.Trim();
            if (label is { Length: > MaxLabelLength })
            {
                return ApiProblems.Validation(new FieldError("label", $"must be at most {MaxLabelLength} characters."));
            }
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        var issued = await keys.IssueAsync(partnerId, label, staffId, cancellationToken);
        return new NoStoreResult(ApiResults.Json(StatusCodes.Status201Created, issued));
    }

    /// <summary>GET staff/partners/{partnerId}/credentials: the partner's credentials (revoked ones too), without keys.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(("partnerId", partnerId)) is { } invalid)
        {
            return invalid;
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        return ApiResults.Ok(new CredentialList(partnerId, await keys.ListAsync(partnerId, cancellationToken)));
    }

    /// <summary>
    /// DELETE staff/partners/{partnerId}/credentials/{credentialId}: revokes the key (refused from then on). 204, also
    /// when it was revoked already; 404 when the partner has no such credential.
    /// </summary>
    public async Task<IResult> RevokeAsync(HttpRequest request, string partnerId, string credentialId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ApiIds.Validate(("partnerId", partnerId)) is { } invalid)
        {
            return invalid;
        }

        if (!PartnerApiKeys.IsCredentialId(credentialId))
        {
            return ApiProblems.Validation(new FieldError("credentialId", "must be a credential id as issued (24 lowercase hex digits)."));
        }

        return await keys.RevokeAsync(partnerId, credentialId, staffId, cancellationToken)
            ? Results.NoContent()
            : ApiProblems.NotFound($"Partner '{partnerId}' has no credential '{credentialId}'.");
    }

    /// <summary>
    /// PUT staff/partners/{partnerId}/principals/{objectId}: the Entra ID principal (object id, a GUID) acts as this
    /// partner when it calls through App Service Authentication. Replaces an earlier mapping of that principal. 200.
    /// </summary>
    public async Task<IResult> MapPrincipalAsync(HttpRequest request, string partnerId, string objectId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ValidatePrincipalRoute(partnerId, objectId) is { } invalid)
        {
            return invalid;
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        var mapped = await credentials.MapPrincipalAsync(new PartnerPrincipal(Guid.Parse(objectId).ToString("D"), partnerId, time.GetUtcNow(), staffId), cancellationToken);
        LogMapped(logger, mapped.ObjectId, partnerId, staffId);
        return ApiResults.Ok(new PrincipalView(mapped.ObjectId, mapped.PartnerId, mapped.MappedAt, mapped.MappedBy));
    }

    /// <summary>DELETE staff/partners/{partnerId}/principals/{objectId}: removes the mapping. 204; 404 when not mapped to this partner.</summary>
    public async Task<IResult> UnmapPrincipalAsync(HttpRequest request, string partnerId, string objectId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ValidatePrincipalRoute(partnerId, objectId) is { } invalid)
        {
            return invalid;
        }

        var normalized = Guid.Parse(objectId).ToString("D");
        var mapping = await credentials.GetPrincipalAsync(normalized, cancellationToken);
        if (mapping is null || !string.Equals(mapping.PartnerId, partnerId, StringComparison.Ordinal))
        {
            return ApiProblems.NotFound($"Principal '{normalized}' is not mapped to partner '{partnerId}'.");
        }

        await credentials.UnmapPrincipalAsync(normalized, cancellationToken);
        LogUnmapped(logger, normalized, partnerId, staffId);
        return Results.NoContent();
    }

    private static IResult? ValidatePrincipalRoute(string partnerId, string objectId) =>
        ApiIds.Validate(("partnerId", partnerId))
        ?? (Guid.TryParseExact(objectId, "D", out _)
            ? null
            : ApiProblems.Validation(new FieldError("objectId", "must be the principal's Entra ID object id (a GUID, e.g. 00000000-0000-0000-0000-000000000000).")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Principal {ObjectId} mapped to partner {PartnerId} by {StaffId}")]
    private static partial void LogMapped(ILogger logger, string objectId, string partnerId, string staffId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Principal {ObjectId} unmapped from partner {PartnerId} by {StaffId}")]
    private static partial void LogUnmapped(ILogger logger, string objectId, string partnerId, string staffId);
}
