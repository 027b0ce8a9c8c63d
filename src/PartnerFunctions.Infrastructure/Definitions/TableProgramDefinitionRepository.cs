using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Definitions;

/// <summary>
/// Program definition versions in the <c>programdefinitions</c> table (PK "program", RK "{id}~v{version:D6}", JSON
/// inline) plus the "active" pointer row, switched with If-Match. The JSON is also kept as a file per version.
/// </summary>
public sealed class TableProgramDefinitionRepository : IProgramDefinitionRepository
{
    internal const string PartitionKey = "program";
    internal const string ActiveRowKey = "active";

    private static string[] ListColumns => ["DefinitionId", "Version", "Description", "StoredAt", "StoredBy", "BlobName"];

    private readonly TableClient _table;
    private readonly IProgramDefinitionFileStore _files;

    public TableProgramDefinitionRepository(StorageClients clients, IProgramDefinitionFileStore files)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(files);
        _table = clients.Table(clients.Names.ProgramDefinitions);
        _files = files;
    }

    internal static string VersionKey(string id, int version) =>
        KeyEncoding.Join(KeyEncoding.Encode(id), FormattableString.Invariant($"v{version:D6}"));

    public async Task<StoredProgramDefinition> StoreVersionAsync(ProgramDefinition definition, string storedBy, DateTimeOffset storedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(storedBy);
        var json = ProgramDefinitionLoader.ToJson(definition);
        var blobName = await _files.SaveAsync(definition.Id, definition.Version, json, cancellationToken);
        var row = new TableEntity(PartitionKey, VersionKey(definition.Id, definition.Version))
        {
            ["DefinitionId"] = definition.Id,
            ["Version"] = definition.Version,
            ["Description"] = definition.Description,
            ["BlobName"] = blobName,
            ["StoredAt"] = storedAt.ToUniversalTime(),
            ["StoredBy"] = storedBy,
        };
        StorageJson.WriteLarge(row, "Json", json);
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return new StoredProgramDefinition(definition, json, blobName, storedAt.ToUniversalTime(), storedBy);
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            var stored = await GetVersionAsync(definition.Id, definition.Version, cancellationToken);
            if (stored is not null && string.Equals(stored.Json, json, StringComparison.Ordinal))
            {
                return stored;
            }

            throw new ConcurrencyConflictException($"Program definition {definition.VersionTag} is stored already with a different content; store it as a new version.", ex);
        }
    }

    public async Task<StoredProgramDefinition?> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, VersionKey(id, version), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        var json = StorageJson.ReadLarge(row, "Json")
            ?? await _files.ReadAsync(id, version, cancellationToken)
            ?? throw new InvalidOperationException($"Program definition {id} v{version} has neither inline JSON nor a stored file.");
        return new StoredProgramDefinition(
            ProgramDefinitionLoader.LoadOrThrow(json),
            json,
            row.GetString("BlobName") ?? BlobProgramDefinitionFileStore.BlobName(id, version),
            row.GetDateTimeOffset("StoredAt") ?? DateTimeOffset.MinValue,
            row.GetString("StoredBy") ?? string.Empty);
    }

    public async Task<ActiveProgramDefinition?> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        var pointer = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, ActiveRowKey, cancellationToken: cancellationToken);
        if (!pointer.HasValue)
        {
            return null;
        }

        var row = pointer.Value!;
        var id = row.GetString("DefinitionId") ?? string.Empty;
        var version = row.GetInt32("Version") ?? 0;
        var stored = await GetVersionAsync(id, version, cancellationToken)
            ?? throw new InvalidOperationException($"The active program definition {id} v{version} is not stored.");
        return new ActiveProgramDefinition(stored, row.GetDateTimeOffset("ActivatedAt") ?? DateTimeOffset.MinValue, row.GetString("ActivatedBy") ?? string.Empty, row.ETag.ToString());
    }

    public async Task<string> ActivateAsync(string id, int version, string? expectedPointerETag, string activatedBy, DateTimeOffset activatedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(activatedBy);
        var exists = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, VersionKey(id, version), select: ["RowKey"], cancellationToken: cancellationToken);
        if (!exists.HasValue)
        {
            throw new KeyNotFoundException($"Program definition {id} v{version} is not stored; store it before activating it.");
        }

        var pointer = new TableEntity(PartitionKey, ActiveRowKey)
        {
            ["DefinitionId"] = id,
            ["Version"] = version,
            ["ActivatedAt"] = activatedAt.ToUniversalTime(),
            ["ActivatedBy"] = activatedBy,
        };
        try
        {
            var response = expectedPointerETag is null
                ? await _table.AddEntityAsync(pointer, cancellationToken)
                : await _table.UpdateEntityAsync(pointer, TableErrors.ToETag(expectedPointerETag), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? string.Empty;
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict("The active program definition", ex);
        }
    }

    public async Task<IReadOnlyList<ProgramDefinitionVersionInfo>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey ne {ActiveRowKey}");
        var versions = new List<ProgramDefinitionVersionInfo>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ListColumns, cancellationToken: cancellationToken))
        {
            versions.Add(new ProgramDefinitionVersionInfo(
                row.GetString("DefinitionId") ?? string.Empty,
                row.GetInt32("Version") ?? 0,
                row.GetString("Description"),
                row.GetDateTimeOffset("StoredAt") ?? DateTimeOffset.MinValue,
                row.GetString("StoredBy") ?? string.Empty,
                row.GetString("BlobName") ?? string.Empty));
        }

        return versions;
    }
}
