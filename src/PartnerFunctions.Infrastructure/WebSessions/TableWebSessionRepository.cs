using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.WebSessions;

/// <summary>
/// Browser sessions in the <c>websessions</c> table: PK = RK = the session id (hash of the cookie's secret, unique in
/// the table), so resolving a page's session is one point read and signing out one delete.
/// </summary>
public sealed class TableWebSessionRepository(StorageClients clients) : IWebSessionRepository
{
    private readonly TableClient _table = clients.Table(clients.Names.WebSessions);

    public async Task CreateAsync(WebSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var row = new TableEntity(session.Id, session.Id)
        {
            ["Kind"] = session.Kind.ToString(),
            ["StaffId"] = session.StaffId,
            ["PartnerId"] = session.PartnerId,
            ["Language"] = session.Language,
            ["AntiforgeryToken"] = session.AntiforgeryToken,
            ["Via"] = session.Via,
            ["CreatedAt"] = session.CreatedAt.UtcDateTime,
            ["LastSeenAt"] = session.LastSeenAt.UtcDateTime,
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            throw TableErrors.Conflict("Session", ex);
        }
    }

    public async Task<WebSession?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(id, id, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new WebSession(
            id,
            Enum.Parse<WebSessionKind>(row.GetString("Kind")),
            row.GetString("StaffId"),
            row.GetString("PartnerId"),
            row.GetString("Language") ?? "en",
            row.GetString("AntiforgeryToken") ?? string.Empty,
            row.GetString("Via") ?? string.Empty,
            new DateTimeOffset(row.GetDateTime("CreatedAt")!.Value, TimeSpan.Zero),
            new DateTimeOffset(row.GetDateTime("LastSeenAt")!.Value, TimeSpan.Zero));
    }

    public async Task TouchAsync(string id, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            // If-Match * : a merge never re-creates a session that was signed out meanwhile.
            await _table.UpdateEntityAsync(new TableEntity(id, id) { ["LastSeenAt"] = lastSeenAt.UtcDateTime }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsNotFound(ex))
        {
        }
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        try
        {
            await _table.DeleteEntityAsync(id, id, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (TableErrors.IsNotFound(ex))
        {
        }
    }
}
