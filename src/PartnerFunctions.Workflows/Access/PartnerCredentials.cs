using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Access;

/// <summary>
/// Issuing, listing and revoking a partner's API keys: what the staff API (<see cref="AccessHandlers"/>) and the
/// console's partner page both do. The key is returned once by <see cref="IssueAsync"/> and never stored or logged
/// (only the SHA-256 of its secret is stored). Callers validate the partner id and label first.
/// </summary>
public sealed partial class PartnerCredentials(IPartnerCredentialRepository credentials, TimeProvider time, ILogger<PartnerCredentials> logger)
{
    /// <summary>Issues a key for <paramref name="partnerId"/> (which must exist), recorded as issued by <paramref name="staffId"/>.</summary>
    public async Task<IssuedCredentialResponse> IssueAsync(string partnerId, string? label, string staffId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(staffId);
        var (key, credentialId, secretHash) = PartnerApiKeys.Create();
        var credential = new PartnerCredential(credentialId, partnerId, secretHash, label, time.GetUtcNow(), staffId, null, null);
        await credentials.AddAsync(credential, cancellationToken);
        LogIssued(logger, partnerId, credentialId, staffId);
        return new IssuedCredentialResponse(credentialId, partnerId, key, label, credential.IssuedAt, credential.IssuedBy);
    }

    /// <summary>The partner's credentials (revoked ones too), oldest first, without keys.</summary>
    public async Task<IReadOnlyList<CredentialView>> ListAsync(string partnerId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        var list = await credentials.ListAsync(partnerId, cancellationToken);
        return list.Select(CredentialView.From).ToArray();
    }

    /// <summary>
    /// Revokes the partner's credential (idempotent). False, changing nothing, when the id is not a credential id or
    /// the partner has no such credential.
    /// </summary>
    public async Task<bool> RevokeAsync(string partnerId, string credentialId, string staffId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(staffId);
        if (!PartnerApiKeys.IsCredentialId(credentialId))
        {
            return false;
        }

        var stored = await credentials.GetAsync(credentialId, cancellationToken);
        if (stored is null || !string.Equals(stored.PartnerId, partnerId, StringComparison.Ordinal))
        {
            return false;
        }

        await credentials.RevokeAsync(credentialId, staffId, time.GetUtcNow(), cancellationToken);
        LogRevoked(logger, partnerId, credentialId, staffId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} issued for partner {PartnerId} by {StaffId}")]
    private static partial void LogIssued(ILogger logger, string partnerId, string credentialId, string staffId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credential {CredentialId} of partner {PartnerId} revoked by {StaffId}")]
    private static partial void LogRevoked(ILogger logger, string partnerId, string credentialId, string staffId);
}
