using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Support;

/// <summary>
/// The local host started in-process through its public entry (<see cref="LocalHostApp"/>) on a free port, on the
/// shared Azurite with a storage prefix and a task hub of its own. Dispose it.
/// </summary>
public sealed class LocalHostInstance : IAsyncDisposable
{
    private LocalHostInstance(WebApplication app, string baseUrl, string prefix, string taskHub)
    {
        App = app;
        BaseUrl = baseUrl;
        StoragePrefix = prefix;
        TaskHub = taskHub;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public string StoragePrefix { get; }

    public string TaskHub { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a host; <paramref name="store"/> is "memory" or "azure".</summary>
    public static async Task<LocalHostInstance> StartAsync(
        AzuriteFixture azurite,
        string store,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var prefix = AzuriteFixture.UniquePrefix();
        var taskHub = "hub" + prefix;
        var builder = LocalHostApp.CreateBuilder(["--urls", baseUrl]);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["TaskHubName"] = taskHub,
            ["Storage:TablePrefix"] = prefix,
            ["LocalHost:Store"] = store,
            ["LocalHost:WorkerId"] = "test-" + prefix,
            ["LocalHost:RunTimer"] = "false",
            ["Workflows:PublicBaseUrl"] = baseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configureServices?.Invoke(builder.Services);
        var app = await LocalHostApp.BuildAsync(builder);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new LocalHostInstance(app, baseUrl, prefix, taskHub);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
