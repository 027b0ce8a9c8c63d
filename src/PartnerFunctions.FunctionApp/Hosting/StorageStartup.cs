using Microsoft.Extensions.Hosting;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// Creates the app's tables and blob containers (idempotent) when the worker starts, so a brand-new storage account
/// (the first <c>azd up</c>) serves its first requests. It runs in <see cref="StartingAsync"/>, before any hosted
/// service starts, so before the worker takes invocations from the Functions host.
/// </summary>
internal sealed class StorageStartup(StorageInitializer storage) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => storage.InitializeAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
