using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// A page test with a local host of its own (tables of its own on the shared Azurite), started before each test with
/// the default definition active and stopped after it.
/// </summary>
/// <param name="store">"azure" (Table Storage on Azurite) or "memory" (the engine still on Azurite).</param>
public abstract class LocalHostPageTest(string store = "azure") : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalHostInstance? _host;

    /// <summary>The running host.</summary>
    protected LocalHostInstance Host => _host ?? throw new InvalidOperationException("The local host is not started.");

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await LocalHostContract.StartAsync(_azurite, store);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
