using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Support;

/// <summary>One local host on the in-memory store shared by a test class (start-up costs a second or two).</summary>
public sealed class MemoryHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalHostInstance? _host;

    public LocalHostInstance Host => _host ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await LocalHostInstance.StartAsync(_azurite, "memory");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
