namespace PartnerFunctions.Domain.Persistence;

/// <summary>An API key issued to a partner. The key itself is never stored: only the SHA-256 of its secret part.</summary>
/// <param name="CredentialId">Public id, also the key's prefix (the key is <c>pf_{CredentialId}_{secret}</c>).</param>
/// <param name="SecretHash">SHA-256 (lowercase hex) of the secret part of the key.</param>
/// <param name="Label">What staff called it (e.g. "ERP integration"), or null.</param>
public sealed record PartnerCredential(
    string CredentialId,
    string PartnerId,
    string SecretHash,
    string? Label,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    DateTimeOffset? RevokedAt,
    string? RevokedBy)
{
    /// <summary>True once revoked: the key is refused from then on.</summary>
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>An Entra ID principal (object id) acting as a partner when it calls through App Service Authentication.</summary>
public sealed record PartnerPrincipal(string ObjectId, string PartnerId, DateTimeOffset MappedAt, string MappedBy);

/// <summary>Partner API keys and principal mappings, each read by its id (one point read per authenticated call).</summary>
public interface IPartnerCredentialRepository
{
    /// <summary>Stores a new credential; throws <see cref="ConcurrencyConflictException"/> if its id exists.</summary>
    Task AddAsync(PartnerCredential credential, CancellationToken cancellationToken = default);

    /// <summary>The credential with that id, or null.</summary>
    Task<PartnerCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default);

    /// <summary>Every credential of a partner (revoked ones included), oldest first.</summary>
    Task<IReadOnlyList<PartnerCredential>> ListAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes the credential (idempotent: a revoked one keeps its first revocation) and returns it; null when it does
    /// not exist.
    /// </summary>
    Task<PartnerCredential?> RevokeAsync(string credentialId, string revokedBy, DateTimeOffset revokedAt, CancellationToken cancellationToken = default);

    /// <summary>Maps a principal to a partner (replacing an earlier mapping of the same principal).</summary>
    Task<PartnerPrincipal> MapPrincipalAsync(PartnerPrincipal principal, CancellationToken cancellationToken = default);

    /// <summary>The mapping of a principal, or null.</summary>
    Task<PartnerPrincipal?> GetPrincipalAsync(string objectId, CancellationToken cancellationToken = default);

    /// <summary>Removes a principal's mapping; false when there was none.</summary>
    Task<bool> UnmapPrincipalAsync(string objectId, CancellationToken cancellationToken = default);
}
