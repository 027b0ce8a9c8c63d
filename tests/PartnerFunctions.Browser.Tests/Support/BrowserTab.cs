using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>
/// One test's browser tab (its own context: cookies, storage). Every way a test moves the tab to a page
/// (<see cref="GotoAsync"/>, <see cref="SubmitAsync"/>, <see cref="ReloadAsync"/>) saves a full-page screenshot of the
/// page it lands on under <c>artifacts/screenshots/{test class}/{test}/</c> (git-ignored); a page reached otherwise is
/// saved when the tab closes. Console errors and uncaught page errors (a refused script, a CSP report) are kept.
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _screenshots = [];
    private int _navigations;
    private int _shotAtNavigation = -1;
    private int _shots;

    private BrowserTab(IBrowserContext context, IPage page, string folder)
    {
        _context = context;
        Page = page;
        ScreenshotFolder = folder;
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                Interlocked.Increment(ref _navigations);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_pageErrors)
            {
                _pageErrors.Add(error);
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Where this tab's screenshots go.</summary>
    public string ScreenshotFolder { get; }

    /// <summary>Every screenshot saved so far, in order.</summary>
    public IReadOnlyList<string> Screenshots => _screenshots;

    /// <summary>What the pages wrote to the console as errors (e.g. "Refused to execute inline script ...").</summary>
    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>Uncaught exceptions of the pages' scripts.</summary>
    public IReadOnlyList<string> PageErrors
    {
        get
        {
            lock (_pageErrors)
            {
                return [.. _pageErrors];
            }
        }
    }

    /// <summary>
    /// Opens a tab for the calling test: its class and method name the screenshot folder, with <paramref name="tab"/>
    /// appended when a test opens more than one.
    /// </summary>
    public static async Task<BrowserTab> OpenAsync(Chromium chromium, string? tab = null, [CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        ArgumentNullException.ThrowIfNull(chromium);
        var folder = Path.Combine(Artifacts.ScreenshotsRoot, Path.GetFileNameWithoutExtension(file), tab is null ? test : $"{test}-{tab}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        return new BrowserTab(context, page, folder);
    }

    /// <summary>Opens <paramref name="url"/> (GET), waits for it to load and saves its screenshot as <paramref name="shot"/>.</summary>
    public async Task<IResponse> GotoAsync(string url, string shot)
    {
        var response = await Page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException($"No response for {url}.");
        await ShotAsync(shot);
        return response;
    }

    /// <summary>Reloads the page (a GET again for a GET page) and saves its screenshot.</summary>
    public async Task<IResponse> ReloadAsync(string shot)
    {
        var response = await Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException("No response to the reload.");
        await ShotAsync(shot);
        return response;
    }

    /// <summary>
    /// Clicks <paramref name="submit"/> (a form's submit button) as a person would, waits for the page the form's POST
    /// answers with (after its redirect, if it answers 303), and saves its screenshot. Returns that POST's response.
    /// </summary>
    public async Task<IResponse> SubmitAsync(ILocator submit, string shot)
    {
        ArgumentNullException.ThrowIfNull(submit);
        // A tab left open behind another is a background page, whose loading Chromium may throttle: bring it to the
        // front first, as a person switching back to it would.
        await Page.BringToFrontAsync();

        // The page landed on: the POST's own answer, or the page its redirect (303 See Other) leads to.
        var landed = Page.WaitForResponseAsync(r => r.Request.IsNavigationRequest && r.Request.Frame == Page.MainFrame && r.Status is < 300 or >= 400);
        var response = await Page.RunAndWaitForResponseAsync(
            () => submit.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Request.Frame == Page.MainFrame && r.Request.Method == "POST");
        if (response.Status is >= 300 and < 400)
        {
            var final = await landed;
            await Page.WaitForURLAsync(final.Url, new PageWaitForURLOptions { WaitUntil = WaitUntilState.Load });
        }
        else
        {
            await Page.WaitForLoadStateAsync(LoadState.Load);
        }
        await ShotAsync(shot);
        return response;
    }

    /// <summary>Saves a full-page screenshot of the page as it is now (numbered in order).</summary>
    public async Task<string> ShotAsync(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var number = Interlocked.Increment(ref _shots);
        var path = Path.Combine(ScreenshotFolder, string.Create(CultureInfo.InvariantCulture, $"{number:D2}-{name}.png"));
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _shotAtNavigation = Volatile.Read(ref _navigations);
        _screenshots.Add(path);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A page reached without one of the methods above (a link followed by a click) still gets its screenshot.
            if (!Page.IsClosed && Volatile.Read(ref _navigations) != _shotAtNavigation && Page.Url != "about:blank")
            {
                await ShotAsync("last");
            }
        }
        finally
        {
            await _context.CloseAsync();
        }
    }
}

/// <summary>Where the tests write what they produce (git-ignored: artifacts/ at the repository root).</summary>
public static class Artifacts
{
    /// <summary>artifacts/screenshots at the root of the repository (the folder holding PartnerFunctions.sln).</summary>
    public static string ScreenshotsRoot { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The nearest folder above the test binaries that holds PartnerFunctions.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No PartnerFunctions.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
