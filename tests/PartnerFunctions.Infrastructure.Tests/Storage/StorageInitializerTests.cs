using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Storage;

/// <summary>What a brand-new account looks like before and after the initializer, and how a missing table fails.</summary>
public sealed class StorageInitializerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task InitializeAsync_TwiceOnANewPrefix_CreatesEveryTableAndContainerAndSucceedsAgain()
    {
        var prefix = AzuriteFixture.UniquePrefix();
        await using var provider = StorageContext.BuildProvider(StorageContext.Configuration(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix,
        }));
        var clients = (StorageClients)provider.GetService(typeof(StorageClients))!;
        var initializer = (StorageInitializer)provider.GetService(typeof(StorageInitializer))!;

        await initializer.InitializeAsync();
        await initializer.InitializeAsync();

        var tables = new List<string>();
        await foreach (var table in clients.TableService.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            tables.Add(table.Name);
        }

        Assert.Equal(clients.Names.Tables.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));
        foreach (var container in clients.Names.Containers)
        {
            Assert.True((await clients.Container(container).ExistsAsync()).Value, container);
        }
    }

    [Fact]
    public async Task IsLostRace_UpdateInATableThatDoesNotExist_IsNotALostRace()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniquePrefix() + "missing");

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.UpdateEntityAsync(new TableEntity("p", "r"), ETag.All, TableUpdateMode.Replace));

        Assert.Equal(404, error.Status);
        Assert.True(TableErrors.IsMissingTableOrContainer(error), error.ErrorCode);
        Assert.False(TableErrors.IsLostRace(error));
    }

    [Fact]
    public async Task IsLostRace_UpdateOfARowDeletedMeanwhile_IsALostRace()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniquePrefix() + "rows");
        await table.CreateIfNotExistsAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.UpdateEntityAsync(new TableEntity("p", "gone"), ETag.All, TableUpdateMode.Replace));

        Assert.Equal(404, error.Status);
        Assert.True(TableErrors.IsLostRace(error), error.ErrorCode);
    }
}
