using Xunit;

namespace PartnerFunctions.Testing;

/// <summary>
/// Class fixture giving a test class the run's shared Azurite and a table/container prefix of its own, so that test
/// classes never share data and can run in parallel. Use as <c>IClassFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _azurite;

    /// <summary>The running emulator.</summary>
    public AzuriteInstance Azurite => _azurite ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The connection string (the value of AzureWebJobsStorage).</summary>
    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>A prefix unique to this fixture (lowercase letters and digits, starting with a letter).</summary>
    public string Prefix { get; } = UniquePrefix();

    /// <summary>Another unique prefix, for a test that needs storage of its own.</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _azurite = await AzuriteInstance.GetSharedAsync();

    // The emulator is shared by the whole run; it stops when the test process exits.
    public Task DisposeAsync() => Task.CompletedTask;
}
