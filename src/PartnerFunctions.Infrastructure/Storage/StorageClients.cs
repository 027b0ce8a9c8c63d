using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>The table and blob service clients of the configured account (thread-safe, one per process).</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        Options = value;
        Names = new StorageNames(value.TablePrefix);
        if (!value.UsesIdentity)
        {
            TableService = new TableServiceClient(value.ConnectionString);
            BlobService = new BlobServiceClient(value.ConnectionString);
        }
        else
        {
            var credential = CreateCredential(value);
            TableService = new TableServiceClient(value.TableServiceUri!, credential);
            BlobService = new BlobServiceClient(value.BlobServiceUri!, credential);
        }
    }

    public StorageOptions Options { get; }

    public StorageNames Names { get; }

    public TableServiceClient TableService { get; }

    public BlobServiceClient BlobService { get; }

    public TableClient Table(string name) => TableService.GetTableClient(name);

    public BlobContainerClient Container(string name) => BlobService.GetBlobContainerClient(name);

    // AzureWebJobsStorage__credential=managedidentity means the managed identity only (user-assigned when a client id
    // is given), as the Functions host does; otherwise DefaultAzureCredential (developer sign-in locally).
    private static TokenCredential CreateCredential(StorageOptions options) =>
        string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(options.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(options.ClientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
}
