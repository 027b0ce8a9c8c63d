using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests;

/// <summary>Storage composed exactly as the app composes it (AddPartnerFunctionsStorage), on the shared Azurite.</summary>
public sealed class StorageContext : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private StorageContext(ServiceProvider provider)
    {
        _provider = provider;
    }

    public StorageClients Clients => Get<StorageClients>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public static IConfiguration Configuration(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    public static ServiceProvider BuildProvider(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPartnerFunctionsStorage(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static async Task<StorageContext> CreateAsync(AzuriteFixture azurite, string? prefix = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = prefix ?? azurite.Prefix,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var provider = BuildProvider(Configuration(settings));
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync();
        return new StorageContext(provider);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Base of the storage test classes: the shared Azurite, this class's own tables.</summary>
public abstract class StorageTestBase(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private StorageContext? _storage;

    protected AzuriteFixture Azurite { get; } = azurite;

    protected StorageContext Storage => _storage ?? throw new InvalidOperationException("Not initialized.");

    public virtual async Task InitializeAsync() => _storage = await StorageContext.CreateAsync(Azurite);

    public virtual async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }

    /// <summary>An id no other test uses.</summary>
    protected static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];
}
