using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.WebSessions;

/// <summary>
/// Partner sign-in links in the <c>signinlinks</c> table: PK = RK = link id. Using a link deletes its row with the
/// ETag read, so of two concurrent uses exactly one wins.
/// </summary>
public sealed class TableSignInLinkRepository(StorageClients clients) : ISignInLinkRepository
{
    private readonly TableClient _table = clients.Table(clients.Names.SignInLinks);

    public async Task CreateAsync(SignInLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var row = new TableEntity(KeyEncoding.Encode(link.Id), KeyEncoding.Encode(link.Id))
        {
            ["TokenHash"] = link.TokenHash,
            ["PartnerId"] = link.PartnerId,
            ["ExpiresAt"] = link.ExpiresAt.UtcDateTime,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            throw TableErrors.Conflict("Sign-in link " + link.Id, ex);
        }
    }

    public async Task<SignInLink?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(KeyEncoding.Encode(id), KeyEncoding.Encode(id), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new SignInLink(
            id,
            row.GetString("TokenHash") ?? string.Empty,
            row.GetString("PartnerId") ?? string.Empty,
            new DateTimeOffset(row.GetDateTime("ExpiresAt")!.Value, TimeSpan.Zero),
            row.ETag.ToString());
    }

    public async Task<bool> ConsumeAsync(SignInLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentException.ThrowIfNullOrEmpty(link.ETag);
        try
        {
            await _table.DeleteEntityAsync(KeyEncoding.Encode(link.Id), KeyEncoding.Encode(link.Id), new ETag(link.ETag), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            return false;
        }
    }
}
