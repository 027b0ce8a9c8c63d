using Azure;
using Microsoft.Extensions.Logging;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>Creates the tables and blob containers that do not exist yet (idempotent; run at start-up).</summary>
public sealed partial class StorageInitializer(StorageClients clients, ILogger<StorageInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        var names = clients.Names;
        var tables = names.Tables.Select(async name =>
        {
            await clients.TableService.CreateTableIfNotExistsAsync(name, cancellationToken);
        });
        var containers = names.Containers.Select(async name =>
        {
            try
            {
                await clients.Container(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Created by another instance starting at the same time.
            }
        });
        await Task.WhenAll(tables.Concat(containers));
        LogInitialized(names.Tables.Count, names.Containers.Count, names.Prefix);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: {TableCount} tables and {ContainerCount} containers (prefix '{Prefix}')")]
    private partial void LogInitialized(int tableCount, int containerCount, string prefix);
}
