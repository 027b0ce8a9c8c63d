using PartnerFunctions.Testing;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>
/// A test class of the notification service: a <see cref="NotificationTestContext"/> of its own (outbox tables and
/// SendGrid endpoint) per test, with <paramref name="settings"/> over the defaults.
/// </summary>
public abstract class NotificationTestsBase(AzuriteFixture azurite, IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected NotificationTestContext Context { get; private set; } = null!;

    protected SendGridCaptureServer Server => Context.Server;

    public async Task InitializeAsync() => Context = await NotificationTestContext.StartAsync(azurite, settings);

    public async Task DisposeAsync() => await Context.DisposeAsync();

    /// <summary>A workflow instance id of its own (its outbox partition).</summary>
    protected static string NewInstance(string kind) => kind + "-" + Guid.NewGuid().ToString("N")[..12];
}
