using Microsoft.Playwright;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>
/// Debian's chromium (or <c>CHROMIUM_PATH</c>), headless, launched once for the whole run through Playwright's
/// <c>ExecutablePath</c>. Playwright never downloads a browser here: no install command is ever run and
/// PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD is set for its driver. A missing chromium fails every browser test with a message
/// saying how to install it (never a skip: a browser test that silently does not run proves nothing).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Environment variable naming a Chromium executable to use instead of the one on PATH.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not started.");

    /// <summary>The executable launched.</summary>
    public string ExecutablePath { get; private set; } = string.Empty;

    /// <summary>The browser's version (as chromium reports it).</summary>
    public string Version => Browser.Version;

    public async Task InitializeAsync()
    {
        ExecutablePath = Find();
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // Containers give /dev/shm little room; chromium then writes its shared memory to /tmp.
                Args = ["--disable-dev-shm-usage"],
                Timeout = 60_000,
            });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"Chromium at {ExecutablePath} did not start under Playwright: {ex.Message}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A new browser context (own cookies and storage) with a desktop viewport, in English.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "en-GB",
        TimezoneId = "UTC",
    });

    /// <summary><c>CHROMIUM_PATH</c> when set, else <c>chromium</c> on PATH (what <c>command -v chromium</c> finds).</summary>
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{PathVariable} is set to '{configured}', which does not exist. Unset it to use chromium from PATH, or install chromium: sudo apt-get install chromium");
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "chromium");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "The browser tests need Debian's chromium and none was found on PATH (nor is " + PathVariable + " set). " +
            "Install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium " +
            "(.ci/run does this by itself), or set " + PathVariable + " to a Chromium executable. " +
            "The tests never download a browser.");
    }
}

/// <summary>The browser tests share one chromium and one local host; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<Chromium>, ICollectionFixture<BrowserHost>
{
    public const string Name = "Browser";
}
