using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.LocalHost.Mail;

namespace PartnerFunctions.LocalHost.Hosting;

/// <summary>Whether the host has finished starting (the health endpoint answers 200 from then on).</summary>
public sealed class LocalHostState
{
    private volatile bool _ready;

    public bool Ready => _ready;

    internal void MarkReady() => _ready = true;
}

/// <summary>Creates the product's tables and containers and the captured-mail container before the host serves requests.</summary>
internal sealed partial class StartupTasks(StorageInitializer storage, CapturedMailStore mail, LocalHostState state, IHostApplicationLifetime lifetime, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.InitializeAsync(cancellationToken);
        await mail.InitializeAsync(cancellationToken);

        // Ready once the server listens too (it starts after the hosted services).
        lifetime.ApplicationStarted.Register(() =>
        {
            state.MarkReady();
            LogReady(logger);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Local host ready")]
    private static partial void LogReady(ILogger logger);
}

/// <summary>Stops the Durable Task engine (sidecar and store) when the host stops, after the worker.</summary>
internal sealed class EngineLifetime(Engine.DurableEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await engine.DisposeAsync();
}
