using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// A what-if started from the console on a stored candidate version: the definitions page lists it, the what-if page
/// starts it after a confirmation, the run's page follows it to its end and links its result, and the result page's
/// matrix table shows the same numbers as the run's summary.json read through the API; a cell lists its partners.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class WhatIfBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task WhatIfPage_StartedOnAStoredVersion_MatrixTableShowsTheNumbersOfTheRunsJsonReport()
    {
        await SeedAsync(36);
        var candidate = await StoreCandidateAsync();
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await tab.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");

        await tab.GotoAsync(host.BaseUrl + "/staff/definitions", "definitions");
        Assert.Contains(candidate, await tab.Page.Locator("main table").First.InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        await tab.GotoAsync(host.BaseUrl + $"/staff/definitions/diff?from=partner-program-2026@v1&to={Uri.EscapeDataString(candidate)}", "diff");
        Assert.Contains("150,000 EUR", await tab.Page.Locator("#tier-changes").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        await tab.GotoAsync(host.BaseUrl + "/staff/whatif?version=" + Uri.EscapeDataString(candidate), "whatif");
        Assert.Equal(candidate, await tab.Page.GetByLabel("Definition version").InputValueAsync());
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        string? asked = null;
        tab.Page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Start the what-if", Exact = true }), "run");
        Assert.Equal("Start a what-if over every partner with the chosen version?", asked);
        Assert.Contains("/staff/runs/whatif/whatif-", tab.Page.Url, StringComparison.Ordinal);
        var instanceId = tab.Page.Url[(tab.Page.Url.LastIndexOf('/') + 1)..];

        // The run's page follows the run to its end without reload, then links the result.
        var result = tab.Page.GetByRole(AriaRole.Link, new() { Name = "Movement matrix, level changes and the partners behind each cell" });
        await result.WaitForAsync(new() { Timeout = 180_000 });
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        await result.ClickAsync();
        await tab.Page.WaitForURLAsync("**/staff/whatif/" + instanceId);
        await tab.ShotAsync("result");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        // The same numbers as the run's summary.json, read through the API with the staff key.
        using var response = await host.Staff.GetAsync($"/api/staff/runs/whatif/{instanceId}/reports/summary.json");
        response.EnsureSuccessStatusCode();
        var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var tiers = new[] { "registered", "silver", "gold", "platinum" };
        var rows = tab.Page.Locator("#movement-matrix tbody tr");
        Assert.Equal(4, await rows.CountAsync());
        var (fromTier, toTier, cellCount) = ("", "", 0);
        foreach (var row in report.GetProperty("matrix").EnumerateArray())
        {
            var current = row.GetProperty("currentTier").GetString()!;
            var cells = await rows.Nth(Array.IndexOf(tiers, current)).Locator("td").AllInnerTextsAsync();
            var expected = tiers.Select(t => row.GetProperty(t).GetInt32()).Append(row.GetProperty("total").GetInt32()).ToArray();
            Assert.Equal(expected.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)), cells.Select(c => c.Trim()));
            for (var i = 0; i < tiers.Length; i++)
            {
                if (expected[i] > cellCount)
                {
                    (fromTier, toTier, cellCount) = (current, tiers[i], expected[i]);
                }
            }
        }

        Assert.True(report.GetProperty("partners").GetInt32() >= 36, "the what-if went over the seeded partners");
        Assert.Equal(report.GetProperty("competencies").GetArrayLength(), await tab.Page.Locator("#competency-changes tbody tr").CountAsync());

        // The largest cell lists its partners (a page of at most 100).
        await tab.Page.Locator($"#movement-matrix a[href$='/cells/{fromTier}/{toTier}']").ClickAsync();
        await tab.Page.WaitForURLAsync($"**/cells/{fromTier}/{toTier}");
        await tab.ShotAsync("cell");
        Assert.Equal(Math.Min(cellCount, 100), await tab.Page.Locator("#cell-partners tbody tr").CountAsync());
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(tab.PageErrors);
    }

    private async Task<string> StoreCandidateAsync()
    {
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["version"] = Random.Shared.Next(100, 1_000_000);
        json["description"] = "Silver needs 150,000 EUR; Principal needs 1 person and 20,000 EUR.";
        json["tiers"]![0]!["minRevenue"] = 150000;
        foreach (var competency in json["competencies"]!.AsArray())
        {
            competency!["levels"]!["principal"]!["minAccreditedPeople"] = 1;
            competency["levels"]!["principal"]!["minRevenue"] = 20000;
        }

        var definition = ProgramDefinitionLoader.LoadOrThrow(json.ToJsonString());
        await host.Host.Services.GetRequiredService<IProgramDefinitionRepository>().StoreVersionAsync(definition, "browser-tests", DateTimeOffset.UtcNow);
        return definition.VersionTag;
    }

    private async Task SeedAsync(int count)
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var prefix = "wb" + Guid.NewGuid().ToString("N")[..6] + "-";
        var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(11, DateOnly.FromDateTime(DateTime.UtcNow), IdPrefix: prefix));
        var repository = host.Host.Services.GetRequiredService<IPartnerRepository>();
        foreach (var chunk in generator.GenerateMany(count).Chunk(16))
        {
            await Task.WhenAll(chunk.Select(p => repository.UpsertEvidenceAsync(p, "browser-tests")));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} partners seeded ({prefix}*)"));
    }
}
