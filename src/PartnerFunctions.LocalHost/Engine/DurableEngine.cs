using System.Net;
using System.Text.RegularExpressions;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using PartnerFunctions.LocalHost.Hosting;

namespace PartnerFunctions.LocalHost.Engine;

/// <summary>
/// The Durable Task engine of the local host: the store (Azure Storage on the product's account, or in memory) behind
/// the gRPC sidecar <see cref="TaskHubGrpcServer"/>, served by its own Kestrel on a loopback HTTP/2 port. The worker and
/// the client of the app connect to it through <see cref="Channel"/>. Started before the app is built, so the channel
/// address is known when the worker and client are registered.
/// </summary>
public sealed partial class DurableEngine : IAsyncDisposable
{
    /// <summary>The setting naming the task hub (as in the Functions app's host.json).</summary>
    public const string TaskHubNameSetting = "TaskHubName";

    /// <summary>The task hub used when <see cref="TaskHubNameSetting"/> is not set.</summary>
    public const string DefaultTaskHubName = "PartnerFunctionsLocal";

    private readonly WebApplication _sidecar;
    private int _disposed;

    private DurableEngine(WebApplication sidecar, GrpcChannel channel, string address, LocalStore store, string taskHubName)
    {
        _sidecar = sidecar;
        Channel = channel;
        Address = address;
        Store = store;
        TaskHubName = taskHubName;
    }

    /// <summary>The channel to the sidecar (shared by the worker and the client).</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The sidecar's address, e.g. http://127.0.0.1:50123.</summary>
    public string Address { get; }

    public LocalStore Store { get; }

    public string TaskHubName { get; }

    /// <summary>
    /// Creates the task hub if needed (Azure store) and starts the sidecar. The Azure Storage store is set up the way
    /// the local engine notes require: stable worker id and table partition management (fast resume after a crash),
    /// and a duplicate start of a singleton throws instead of being silently dropped or replacing the running one.
    /// </summary>
    public static async Task<DurableEngine> StartAsync(IConfiguration configuration, LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var taskHubName = configuration[TaskHubNameSetting];
        taskHubName = string.IsNullOrWhiteSpace(taskHubName) ? DefaultTaskHubName : taskHubName.Trim();
        if (!TaskHubNamePattern().IsMatch(taskHubName))
        {
            throw new InvalidOperationException($"{TaskHubNameSetting} '{taskHubName}' is not a valid task hub name: 3 to 45 letters and digits, starting with a letter.");
        }

        // An empty builder: none of the app's settings (appsettings.json, urls, ASPNETCORE_*) apply to the sidecar, which
        // listens only where told below and logs with the app's log levels.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole();
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

        // The sidecar lives and dies with the app, not with Ctrl-C on its own.
        builder.Services.AddSingleton<IHostLifetime, SidecarLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.SidecarPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var concurrency = options.MaxConcurrentWorkItems;
        switch (options.Store)
        {
            case LocalStore.Azure:
                var connectionString = StorageConnectionString(configuration);
                builder.Services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
                {
                    TaskHubName = taskHubName,
                    StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
                    WorkerId = options.WorkerId,
                    UseTablePartitionManagement = true,
                    MaxQueuePollingInterval = options.MaxQueuePollingInterval,
                    WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
                    ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
                    MaxConcurrentTaskOrchestrationWorkItems = concurrency,
                    MaxConcurrentTaskActivityWorkItems = concurrency,
                    ThrowExceptionOnInvalidDedupeStatus = true,
                    LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                }));

                // Only the dispatcher side needs the fixes; the client side stays the raw store so that the sidecar
                // still finds its query and purge interfaces.
                builder.Services.AddSingleton<IOrchestrationService>(sp => new SidecarCompatibilityDecorator(sp.GetRequiredService<AzureStorageOrchestrationService>()));
                builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
                break;
            case LocalStore.Memory:
                builder.Services.AddSingleton(sp => new InMemoryOrchestrationService(sp.GetRequiredService<ILoggerFactory>()));
                builder.Services.AddSingleton<IOrchestrationService>(sp => new ConcurrencyDecorator(sp.GetRequiredService<InMemoryOrchestrationService>(), concurrency, concurrency));
                builder.Services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<InMemoryOrchestrationService>());
                break;
            default:
                throw new InvalidOperationException($"LocalHost:Store '{options.Store}' is not supported.");
        }

        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        GrpcChannel? channel = null;
        try
        {
            await sidecar.Services.GetRequiredService<IOrchestrationService>().CreateIfNotExistsAsync().WaitAsync(cancellationToken);
            await sidecar.StartAsync(cancellationToken);
            var address = sidecar.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            channel = GrpcChannel.ForAddress(address);
            var engine = new DurableEngine(sidecar, channel, address, options.Store, taskHubName);
            LogStarted(sidecar.Logger, options.Store, taskHubName, address, options.WorkerId);
            return engine;
        }
        catch
        {
            channel?.Dispose();
            await sidecar.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Channel.ShutdownAsync();
        Channel.Dispose();
        await _sidecar.StopAsync();
        await _sidecar.DisposeAsync();
    }

    // The Durable Task store needs a connection string; the identity-based connection (Azure) is the Functions app's.
    private static string StorageConnectionString(IConfiguration configuration)
    {
        var value = configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException("AzureWebJobsStorage must hold a storage connection string (e.g. UseDevelopmentStorage=true for Azurite on its default ports), or set LocalHost__Store=memory.");
        }

        return value.Trim();
    }

    /// <summary>No console lifetime: the app stops the sidecar after its worker, on its own Ctrl-C.</summary>
    private sealed class SidecarLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z0-9]{2,44}\z")]
    private static partial Regex TaskHubNamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable Task engine started: {Store} store, task hub {TaskHub}, sidecar {Address}, worker id {WorkerId}")]
    private static partial void LogStarted(ILogger logger, LocalStore store, string taskHub, string address, string workerId);
}
