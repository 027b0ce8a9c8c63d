using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Contract;

/// <summary>
/// Concurrent starts of one certification on the real engine over Azurite (the Azure Storage provider, as in Azure):
/// exactly one is accepted, every other one gets 409 with the running one's status URL.
/// </summary>
public sealed class ConcurrentStartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Competency = "endpoint-security-ent";

    [Fact]
    public async Task StartCertification_EightAtOnceOnTheAzureStore_OneIs202AndSevenAre409WithTheStatusUrl()
    {
        await using var host = await LocalHostContract.StartAsync(azurite, "azure");
        var partner = await NewPartnerWithinReachAsync(host);
        var path = $"/api/partners/{partner}/certifications/{Competency}";

        using var gate = new SemaphoreSlim(0);
        var starts = Enumerable.Range(0, 8).Select(async _ =>
        {
            await gate.WaitAsync();
            using var response = await host.Http.PostAsync(path, null);
            return (Status: (int)response.StatusCode, Location: response.Headers.Location?.ToString(), Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        gate.Release(8);
        var responses = await Task.WhenAll(starts);

        var statusUrl = host.BaseUrl + path;
        Assert.Equal([202, 409, 409, 409, 409, 409, 409, 409], responses.Select(r => r.Status).Order());
        Assert.All(responses, r => Assert.Equal(statusUrl, r.Location));
        Assert.All(responses.Where(r => r.Status == 409), r =>
        {
            using var problem = JsonDocument.Parse(r.Body);
            Assert.Equal(statusUrl, problem.RootElement.GetProperty("statusUrl").GetString());
        });
        using var status = await host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task StartCertification_AfterTheRunningOneWasTerminated_StartsAgain()
    {
        await using var host = await LocalHostContract.StartAsync(azurite, "azure");
        var partner = await NewPartnerWithinReachAsync(host);
        var path = $"/api/partners/{partner}/certifications/{Competency}";
        using var first = await host.Http.PostAsync(path, null);
        Assert.Equal(202, (int)first.StatusCode);
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var instanceId = firstBody.RootElement.GetProperty("instanceId").GetString()!;
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await client.TerminateInstanceAsync(instanceId, "test", timeout.Token);
        await client.WaitForInstanceCompletionAsync(instanceId, timeout.Token);

        using var again = await host.Http.PostAsync(path, null);

        Assert.Equal(202, (int)again.StatusCode);
    }

    // Principal's people and revenue, and a reference awaiting review: the certification may start, and waits for staff.
    private static async Task<string> NewPartnerWithinReachAsync(LocalHostInstance host)
    {
        var partner = await LocalHostContract.NewPartnerAsync(host);
        await LocalHostContract.AddPrincipalPeopleAndRevenueAsync(host, partner, Competency);
        using var reference = await host.Http.PutAsJsonAsync($"/api/partners/{partner}/references/r1", new { competencyId = Competency, customerName = "Client", customerMarket = "enterprise", satisfaction = 4.5m });
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);
        return partner;
    }
}
