using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>
/// One local host process (with the default definition active) shared by the tests of <see cref="SharedHostGroup"/>,
/// which run one after another: each works on partners of its own, and the batch tests compute what they expect from
/// what is stored when they start.
/// </summary>
public sealed class SharedHostFixture : IAsyncLifetime
{
    private HostUnderTest? _host;

    public HostUnderTest Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public ProgramDefinition Definition { get; private set; } = ProgramDefinitionLoader.LoadDefault();

    public async Task InitializeAsync()
    {
        _host = await HostUnderTest.StartAsync();
        Definition = await Scenario.ActivateDefaultDefinitionAsync(_host.Api);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedHostGroup : ICollectionFixture<SharedHostFixture>
{
    public const string Name = "Shared local host";
}
