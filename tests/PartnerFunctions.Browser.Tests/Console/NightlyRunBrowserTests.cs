using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Contract;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// A nightly started from the console over a few hundred partners: the run's page shows its progress bar moving and
/// the run ending without being reloaded (the page's script re-reads the progress section), then its reports.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class NightlyRunBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task RunPage_NightlyStartedFromTheConsole_ShowsProgressMovingAndTheOutcomeWithoutReload()
    {
        await SeedAsync(400);
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await tab.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");
        await tab.GotoAsync(host.BaseUrl + "/staff/runs", "runs");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        // The start asks for confirmation first (the page's script), then lands on the run's page.
        string? asked = null;
        tab.Page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Start the nightly now" }), "run");
        Assert.Equal("Start today's re-evaluation of every partner?", asked);
        Assert.Contains("/staff/runs/reevaluation/reeval-", tab.Page.Url, StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        var url = tab.Page.Url;

        // Watch the progress section while the page stays as it is: values seen, then the run's end.
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var section = tab.Page.Locator("#run-progress");
            var status = await section.Locator("dt:text-is('Status') + dd").InnerTextAsync();
            var bar = section.Locator("progress");
            var value = await bar.CountAsync() > 0 ? await bar.First.GetAttributeAsync("value") : "-";
            var state = $"{status} {value}";
            if (seen.Count == 0 || seen[^1] != state)
            {
                seen.Add(state);
                output.WriteLine(state);
            }

            if (status == "Completed")
            {
                break;
            }

            await Task.Delay(200);
        }

        await tab.ShotAsync("completed");
        Assert.Equal(url, tab.Page.Url);
        Assert.Equal("Completed 100", seen[^1]);
        Assert.True(seen.Count >= 2, $"the page showed only [{string.Join(", ", seen)}]: it did not update without reload");
        Assert.True(await tab.Page.Locator("#run-progress a", new() { HasText = ".json" }).CountAsync() >= 1, "the finished run lists its reports");
        Assert.Null(await tab.Page.Locator("#run-progress").GetAttributeAsync("data-poll"));
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(tab.PageErrors);
    }

    private async Task SeedAsync(int count)
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var prefix = "nb" + Guid.NewGuid().ToString("N")[..6] + "-";
        var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(7, DateOnly.FromDateTime(DateTime.UtcNow), IdPrefix: prefix));
        var repository = host.Host.Services.GetRequiredService<IPartnerRepository>();
        foreach (var chunk in generator.GenerateMany(count).Chunk(16))
        {
            await Task.WhenAll(chunk.Select(p => repository.UpsertEvidenceAsync(p, "browser-tests")));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} partners seeded ({prefix}*)"));
    }
}
