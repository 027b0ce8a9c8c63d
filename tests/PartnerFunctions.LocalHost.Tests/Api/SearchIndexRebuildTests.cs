using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.LocalHost.Tests.Pages;

namespace PartnerFunctions.LocalHost.Tests.Api;

/// <summary>POST /api/staff/search-index/rebuild on a real local host over Azurite: a lost index entry comes back.</summary>
public sealed class SearchIndexRebuildTests : LocalHostPageTest
{
    [Fact]
    public async Task Rebuild_AnEntryLostAfterItsPartnerWrite_RewritesItOnceAndTheSearchFindsThePartnerAgain()
    {
        var partnerId = await Contract.LocalHostContract.NewPartnerAsync(Host);
        var clients = Host.Services.GetRequiredService<StorageClients>();
        foreach (var table in clients.Names.PartnerSearchShards.Select(clients.Table))
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter: TableClient.CreateQueryFilter($"PartnerId eq {partnerId}")))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }

        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();
        var (_, lost) = await staff.GetAsync("/staff/partners?q=" + partnerId);
        using var first = await Host.Http.PostAsync("/api/staff/search-index/rebuild", null);
        using var second = await Host.Http.PostAsync("/api/staff/search-index/rebuild", null);
        var (_, found) = await staff.GetAsync("/staff/partners?q=" + partnerId);

        Assert.DoesNotContain($"/staff/partners/{partnerId}\"", lost, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        using var secondBody = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal((1, 1, 0), (firstBody.RootElement.GetProperty("partners").GetInt32(), firstBody.RootElement.GetProperty("written").GetInt32(), firstBody.RootElement.GetProperty("removed").GetInt32()));
        Assert.Equal(0, secondBody.RootElement.GetProperty("written").GetInt32());
        Assert.Contains($"/staff/partners/{partnerId}\"", found, StringComparison.Ordinal);
    }
}
