using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Demo;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Reevaluation;

namespace PartnerFunctions.LocalHost.Tests.Hosting;

/// <summary>The host starts on either store, reports ready, and runs the product's workflows on the engine it started.</summary>
public sealed class StartupTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task StartAsync_MemoryStore_IsReadyAndRunsTheNightlyOverDemoData()
    {
        await using var host = await LocalHostInstance.StartAsync(azurite, "memory");
        var health = await host.Http.GetFromJsonAsync<JsonElement>(LocalHostApp.HealthPath, Json);
        Assert.Equal("ready", health.GetProperty("status").GetString());
        Assert.Equal("memory", health.GetProperty("store").GetString());
        await ActivateDefaultDefinitionAsync(host);

        using var load = await host.Http.PostAsync(DemoData.Path + "?partners=30", null);
        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        var loaded = (await load.Content.ReadFromJsonAsync<DemoDataResult>(Json))!;
        Assert.Equal((30, 30, 0), (loaded.Partners, loaded.Written, loaded.AlreadyPresent));

        var starter = host.Services.GetRequiredService<ReevaluationStarter>();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var start = await starter.StartAsync(client, DateOnly.FromDateTime(DateTime.UtcNow), "test");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var done = await client.WaitForInstanceCompletionAsync(start.InstanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(30, done.ReadOutputAs<ReevaluationSummary>()!.Partners);
    }

    [Fact]
    public async Task DemoData_SecondLoad_WritesNothing()
    {
        await using var host = await LocalHostInstance.StartAsync(azurite, "memory");
        await ActivateDefaultDefinitionAsync(host);
        var demo = host.Services.GetRequiredService<DemoData>();
        await demo.LoadAsync(12);

        var again = await demo.LoadAsync(15);

        Assert.Equal((3, 12), (again.Written, again.AlreadyPresent));
        var profiles = await host.Services.GetRequiredService<IPartnerRepository>().GetProfilesAsync(Enumerable.Range(0, 16).Select(i => $"fr-{i:D6}"));
        Assert.Equal(15, profiles.Count);
    }

    [Fact]
    public async Task DemoData_NoActiveDefinition_Is409()
    {
        await using var host = await LocalHostInstance.StartAsync(azurite, "memory");

        using var response = await host.Http.PostAsync(DemoData.Path + "?partners=5", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task StartAsync_AzureStore_IsReady()
    {
        await using var host = await LocalHostInstance.StartAsync(azurite, "azure");

        var health = await host.Http.GetFromJsonAsync<JsonElement>(LocalHostApp.HealthPath, Json);

        Assert.Equal("ready", health.GetProperty("status").GetString());
        Assert.Equal("azure", health.GetProperty("store").GetString());
        Assert.Equal(host.TaskHub, health.GetProperty("taskHub").GetString());
    }

    [Fact]
    public async Task NightlyTimer_ScheduleDue_StartsTodaysRun()
    {
        // Every 2 seconds: the timer fires within the test and starts today's singleton run (once).
        await using var host = await LocalHostInstance.StartAsync(azurite, "memory", new Dictionary<string, string?>
        {
            ["LocalHost:RunTimer"] = "true",
            ["Reevaluation:Schedule"] = "*/2 * * * * *",
        });
        await ActivateDefaultDefinitionAsync(host);
        await host.Services.GetRequiredService<DemoData>().LoadAsync(5);
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = ReevaluationStarter.InstanceIdFor(DateOnly.FromDateTime(DateTime.UtcNow));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        OrchestrationMetadata? run = null;
        while (run is null)
        {
            await Task.Delay(250, timeout.Token);
            run = await client.GetInstanceAsync(instanceId, timeout.Token);
        }

        var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("timer", done.ReadOutputAs<ReevaluationSummary>()!.StartedBy);
    }

    [Fact]
    public async Task BuildAsync_BadSchedule_FailsAtStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            LocalHostInstance.StartAsync(azurite, "memory", new Dictionary<string, string?> { ["Reevaluation:Schedule"] = "0 2 * * *" }));

        Assert.Contains("Reevaluation__Schedule", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task ActivateDefaultDefinitionAsync(LocalHostInstance host)
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var repository = host.Services.GetRequiredService<IProgramDefinitionRepository>();
        var now = DateTimeOffset.UtcNow;
        await repository.StoreVersionAsync(definition, "tests", now);
        var active = await repository.GetActiveAsync();
        await repository.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "tests", now);
    }
}
