using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Workflows.Approvals;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PartnerFunctions.Browser.Tests.Harness;

/// <summary>
/// The harness itself can fail: the browser is the system's chromium, axe really runs under the pages' CSP and reports
/// what it finds, and screenshots are written. A page served here by Playwright (no network) stands in for a bad page.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class HarnessTests(Chromium chromium, ITestOutputHelper output)
{
    private const string BadPageUrl = "http://axe-check.test/";

    // Two controls without names (critical), an image without alternative text (critical), and an inline script.
    private const string BadPage =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unlabelled controls</title></head><body><main>" +
        "<h1>Unlabelled controls</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><button></button>" +
        "<script>window.__inlineRan = true;</script></main></body></html>";

    [Fact]
    public void Chromium_Launched_IsTheSystemExecutable()
    {
        output.WriteLine($"chromium {chromium.Version} at {chromium.ExecutablePath}; axe-core {Axe.Version}");
        Assert.True(File.Exists(chromium.ExecutablePath));
        Assert.DoesNotContain("ms-playwright", chromium.ExecutablePath, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Chromium.Find(), chromium.ExecutablePath);
        Assert.Matches(@"^\d+\.", chromium.Version);
    }

    [Fact]
    public async Task Axe_PageWithUnlabelledControlsUnderTheApprovalCsp_FailsListingEachViolation()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.Page.RouteAsync(BadPageUrl, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = ApprovalPages.ContentSecurityPolicy },
            Body = BadPage,
        }));

        var response = await tab.GotoAsync(BadPageUrl, "unlabelled-controls");

        Assert.Equal(200, response.Status);
        // The CSP is in force: the page's inline script was refused, as an injected <script> tag of axe would be.
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => window.__inlineRan === undefined"), "the inline script ran despite the CSP");
        Assert.Contains(tab.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
        var failure = await Assert.ThrowsAsync<XunitException>(() => Axe.AssertNoSeriousViolationsAsync(tab.Page));
        output.WriteLine(failure.Message);
        Assert.Contains("- image-alt (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("- button-name (critical)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at img", failure.Message, StringComparison.Ordinal);
        Assert.Contains("at button", failure.Message, StringComparison.Ordinal);
        Assert.Contains(BadPageUrl, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Axe_AccessiblePage_PassesAfterEvaluatingRules()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.Page.RouteAsync(BadPageUrl, route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = ApprovalPages.ContentSecurityPolicy },
            Body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fine</title></head><body><main><h1>Fine</h1><p>Text.</p></main></body></html>",
        }));
        await tab.GotoAsync(BadPageUrl, "accessible");

        var report = await Axe.AssertNoSeriousViolationsAsync(tab.Page);

        output.WriteLine(report.ToString());
        Assert.Equal(Axe.Version, report.Version);
        Assert.True(report.Passes >= 5, $"only {report.Passes} rules passed");
        Assert.Empty(report.Violations);
    }

    [Fact]
    public async Task Screenshots_EveryPageVisited_AreSavedFullPageAsPng()
    {
        var tab = await BrowserTab.OpenAsync(chromium);
        try
        {
            await tab.Page.RouteAsync(BadPageUrl + "**", route => route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                ContentType = "text/html; charset=utf-8",
                Body = "<!DOCTYPE html><html lang=\"en\"><head><title>Long</title></head><body><main><h1>Long</h1>" +
                    "<a href=\"/next\">next</a><div style=\"height:3000px\"></div></main></body></html>",
            }));
            await tab.GotoAsync(BadPageUrl, "first");
            // A page reached by a click, not through the tab's methods: saved when the tab closes.
            await tab.Page.GetByRole(AriaRole.Link, new() { Name = "next" }).ClickAsync();
            await tab.Page.WaitForURLAsync(BadPageUrl + "next");
            Assert.Single(tab.Screenshots);
        }
        finally
        {
            await tab.DisposeAsync();
        }

        var shots = tab.Screenshots;
        Assert.Equal(2, shots.Count);
        foreach (var shot in shots)
        {
            Assert.StartsWith(Artifacts.ScreenshotsRoot, shot, StringComparison.Ordinal);
            var bytes = await File.ReadAllBytesAsync(shot);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
            // PNG height (IHDR, big-endian at byte 20): the full page, not the 800-pixel viewport.
            var height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
            Assert.True(height > 3000, $"{shot} is {height} pixels high");
        }
    }
}
