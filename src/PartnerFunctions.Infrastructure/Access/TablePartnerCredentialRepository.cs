using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Access;

/// <summary>
/// Partner credentials and principal mappings in the <c>partnercredentials</c> table. Credentials: PK "credential",
/// RK = credential id (the key's prefix, so authenticating a call is one point read); principals: PK "principal",
/// RK = object id. Credentials are few (a handful per partner), so listing a partner's is a query of one partition.
/// The table is created on first use, so the store needs nothing from the shared storage initializer.
/// </summary>
public sealed class TablePartnerCredentialRepository : IPartnerCredentialRepository
{
    /// <summary>Table name (after the configured prefix).</summary>
    public const string TableName = "partnercredentials";

    private const string CredentialPartition = "credential";
    private const string PrincipalPartition = "principal";

    private readonly TableClient _table;
    private volatile bool _created;

    public TablePartnerCredentialRepository(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Prefix + TableName);
    }

    public async Task AddAsync(PartnerCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrEmpty(credential.CredentialId);
        var table = await TableAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(ToRow(credential), cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            throw TableErrors.Conflict($"Credential {credential.CredentialId}", ex);
        }
    }

    public async Task<PartnerCredential?> GetAsync(string credentialId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(CredentialPartition, KeyEncoding.Encode(credentialId), cancellationToken: cancellationToken);
        return response.HasValue ? ToCredential(response.Value!) : null;
    }

    public async Task<IReadOnlyList<PartnerCredential>> ListAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        var table = await TableAsync(cancellationToken);
        var result = new List<PartnerCredential>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CredentialPartition} and PartnerId eq {partnerId}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToCredential(row));
        }

        return result.OrderBy(c => c.IssuedAt).ThenBy(c => c.CredentialId, StringComparer.Ordinal).ToArray();
    }

    public async Task<PartnerCredential?> RevokeAsync(string credentialId, string revokedBy, DateTimeOffset revokedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(credentialId);
        ArgumentException.ThrowIfNullOrEmpty(revokedBy);
        var table = await TableAsync(cancellationToken);
        while (true)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(CredentialPartition, KeyEncoding.Encode(credentialId), cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return null;
            }

            var stored = ToCredential(response.Value!);
            if (stored.IsRevoked)
            {
                return stored;
            }

            var revoked = stored with { RevokedAt = revokedAt.ToUniversalTime(), RevokedBy = revokedBy };
            try
            {
                await table.UpdateEntityAsync(ToRow(revoked), response.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return revoked;
            }
            catch (RequestFailedException ex) when (TableErrors.IsPreconditionFailed(ex))
            {
                // Revoked (or changed) concurrently: read again; the first revocation wins.
            }
        }
    }

    public async Task<PartnerPrincipal> MapPrincipalAsync(PartnerPrincipal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrEmpty(principal.ObjectId);
        var table = await TableAsync(cancellationToken);
        var mapped = principal with { MappedAt = principal.MappedAt.ToUniversalTime() };

        // A staff decision that replaces the earlier one by design (last mapping wins), not a contended counter.
        await table.UpsertEntityAsync(ToRow(mapped), TableUpdateMode.Replace, cancellationToken);
        return mapped;
    }

    public async Task<PartnerPrincipal?> GetPrincipalAsync(string objectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PrincipalPartition, KeyEncoding.Encode(NormalizeObjectId(objectId)), cancellationToken: cancellationToken);
        return response.HasValue ? ToPrincipal(response.Value!) : null;
    }

    public async Task<bool> UnmapPrincipalAsync(string objectId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var table = await TableAsync(cancellationToken);
        // The SDK answers a delete of a missing row without throwing: the status tells.
        var response = await table.DeleteEntityAsync(PrincipalPartition, KeyEncoding.Encode(NormalizeObjectId(objectId)), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    // Object ids are GUIDs; Entra ID writes them in lowercase, staff may paste them in any case.
    private static string NormalizeObjectId(string objectId) => objectId.Trim().ToLowerInvariant();

    private async Task<TableClient> TableAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return _table;
        }

        // Idempotent: concurrent first calls may both create; the service answers the second one "exists".
        await _table.CreateIfNotExistsAsync(cancellationToken);
        _created = true;
        return _table;
    }

    private static TableEntity ToRow(PartnerCredential c) => new(CredentialPartition, KeyEncoding.Encode(c.CredentialId))
    {
        ["CredentialId"] = c.CredentialId,
        ["PartnerId"] = c.PartnerId,
        ["SecretHash"] = c.SecretHash,
        ["Label"] = c.Label,
        ["IssuedAt"] = c.IssuedAt.ToUniversalTime(),
        ["IssuedBy"] = c.IssuedBy,
        ["RevokedAt"] = c.RevokedAt?.ToUniversalTime(),
        ["RevokedBy"] = c.RevokedBy,
    };

    private static PartnerCredential ToCredential(TableEntity row) => new(
        row.GetString("CredentialId") ?? string.Empty,
        row.GetString("PartnerId") ?? string.Empty,
        row.GetString("SecretHash") ?? string.Empty,
        row.GetString("Label"),
        row.GetDateTimeOffset("IssuedAt") ?? DateTimeOffset.MinValue,
        row.GetString("IssuedBy") ?? string.Empty,
        row.GetDateTimeOffset("RevokedAt"),
        row.GetString("RevokedBy"));

    private static TableEntity ToRow(PartnerPrincipal p) => new(PrincipalPartition, KeyEncoding.Encode(NormalizeObjectId(p.ObjectId)))
    {
        ["ObjectId"] = NormalizeObjectId(p.ObjectId),
        ["PartnerId"] = p.PartnerId,
        ["MappedAt"] = p.MappedAt.ToUniversalTime(),
        ["MappedBy"] = p.MappedBy,
    };

    private static PartnerPrincipal ToPrincipal(TableEntity row) => new(
        row.GetString("ObjectId") ?? string.Empty,
        row.GetString("PartnerId") ?? string.Empty,
        row.GetDateTimeOffset("MappedAt") ?? DateTimeOffset.MinValue,
        row.GetString("MappedBy") ?? string.Empty);
}
