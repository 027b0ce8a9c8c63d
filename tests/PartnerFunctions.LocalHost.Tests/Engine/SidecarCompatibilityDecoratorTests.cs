using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerFunctions.LocalHost.Engine;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Engine;

/// <summary>
/// The preview sidecar's sub-orchestrations on the Azure Storage store (Azurite): without the decorator the child's
/// start message cannot be read back and the parent's history row has no event type; with it a parent → child →
/// activity chain completes.
/// </summary>
public sealed class SidecarCompatibilityDecoratorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task StopAsync_StoreNeverStarted_DoesNotReachTheStore()
    {
        // The sidecar stops its dispatchers when the app stops, even if no worker ever connected (the store was never
        // started): the Azure Storage store then throws NullReferenceException from an async void, killing the process.
        var store = new DurableTask.AzureStorage.AzureStorageOrchestrationService(new DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = "stop" + AzuriteFixture.UniquePrefix(),
            StorageAccountClientProvider = new DurableTask.AzureStorage.StorageAccountClientProvider(azurite.ConnectionString),
        });
        var decorated = new SidecarCompatibilityDecorator(store);

        await decorated.StopAsync(isForced: true);
        await decorated.StopAsync();
    }

    [Fact]
    public async Task SubOrchestration_OnAzureStorageStore_Completes()
    {
        var hub = "sub" + AzuriteFixture.UniquePrefix();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TaskHubName"] = hub,
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        await using var engine = await DurableEngine.StartAsync(configuration, new LocalHostOptions { Store = LocalStore.Azure, WorkerId = "test-" + hub });
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry =>
            {
                registry.AddOrchestrator<ParentOrchestrator>();
                registry.AddOrchestrator<ChildOrchestrator>();
                registry.AddActivity<DoubleActivity>();
            });
            worker.UseGrpc(engine.Channel);
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(engine.Channel));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

            var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), 20, timeout.Token);
            var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal("child returned 42", done.ReadOutputAs<string>());
            var child = await client.GetInstanceAsync(id + "-child", getInputsAndOutputs: true, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void ReplaceSubclassEvents_SidecarEvent_BecomesTheStandardEvent()
    {
        var events = new List<HistoryEvent>
        {
            new GrpcSubOrchestrationInstanceCreatedEvent(3) { Name = "Child", Version = "1", InstanceId = "p-child", Input = "21", IsPlayed = true },
        };

        SidecarCompatibilityDecorator.ReplaceSubclassEvents(events);

        var created = Assert.IsType<SubOrchestrationInstanceCreatedEvent>(Assert.Single(events));
        Assert.Equal((3, "Child", "1", "p-child", "21", true), (created.EventId, created.Name, created.Version, created.InstanceId, created.Input, created.IsPlayed));
    }

    [Fact]
    public void NormalizeTags_ProtobufMap_BecomesADictionary()
    {
        var map = new Google.Protobuf.Collections.MapField<string, string> { ["k"] = "v" };
        var started = new ExecutionStartedEvent(-1, "input") { Tags = map };

        SidecarCompatibilityDecorator.NormalizeTags(started);

        Assert.IsType<Dictionary<string, string>>(started.Tags);
        Assert.Equal("v", started.Tags["k"]);
    }

    private sealed class ParentOrchestrator : TaskOrchestrator<int, string>
    {
        public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
        {
            var child = await context.CallSubOrchestratorAsync<int>(nameof(ChildOrchestrator), input + 1, new SubOrchestrationOptions { InstanceId = context.InstanceId + "-child" });
            return $"child returned {child}";
        }
    }

    private sealed class ChildOrchestrator : TaskOrchestrator<int, int>
    {
        public override Task<int> RunAsync(TaskOrchestrationContext context, int input) =>
            context.CallActivityAsync<int>(nameof(DoubleActivity), input);
    }

    private sealed class DoubleActivity : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * 2);
    }
}
