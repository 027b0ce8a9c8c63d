using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>
/// The local host the browser tests open pages of: in-process on the run's Azurite (the "azure" store, the Durable
/// Task engine over Azurite), started the way the local host's contract tests start it (<see cref="LocalHostContract"/>:
/// a local staff key, the default definition active, mail captured, no timer, no demo data).
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalHostInstance? _host;

    public LocalHostInstance Host => _host ?? throw new InvalidOperationException("The local host is not started.");

    /// <summary>The host's base URL (what the emails' links start with).</summary>
    public string BaseUrl => Host.BaseUrl;

    /// <summary>A client sending the local staff key.</summary>
    public HttpClient Staff => Host.Http;

    /// <summary>The mail the host captured (what the local mail pages show).</summary>
    public CapturedMailStore Mail => Host.Services.GetRequiredService<CapturedMailStore>();

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await LocalHostContract.StartAsync(_azurite, "azure");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Waits until a captured message matches; returns it whole.</summary>
    public async Task<CapturedMail> WaitForMailAsync(Func<CapturedMailSummary, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = (await Mail.ListAsync()).FirstOrDefault(match);
            if (found is not null)
            {
                return await Mail.GetAsync(found.Id) ?? throw new InvalidOperationException($"Captured mail {found.Id} is listed but cannot be read.");
            }

            if (DateTime.UtcNow > deadline)
            {
                var all = await Mail.ListAsync();
                throw new TimeoutException($"No matching mail within {timeout.TotalSeconds:0} s; captured: {string.Join("; ", all.Select(m => $"{m.To}: {m.Subject}"))}");
            }

            await Task.Delay(250);
        }
    }
}
