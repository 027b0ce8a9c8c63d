using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.LocalHost.Tests.Contract;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// The console's read-mostly pages in a real browser: the migration report shows the numbers of the run's
/// summary.json and links a partner who loses status; the imports page lists every bad line before anything is
/// written, then imports a good file; the API reference lists the operations. Each is checked with axe.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ReportPagesBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task MigrationReport_AfterARun_ShowsTheSummaryNumbersAndLinksALoser()
    {
        var loser = await NewPartnerAsync("Perte <script>alert(1)</script> SAS", "gold");
        var runId = await RunMigrationAsync();
        using var response = await host.Staff.GetAsync($"/api/staff/runs/migration/{runId}/reports/summary.json");
        response.EnsureSuccessStatusCode();
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        await using var tab = await SignedInStaffAsync();
        await tab.GotoAsync(host.BaseUrl + "/staff/migration/" + runId, "migration");
        var outcome = await tab.Page.Locator("figure:has(#outcome-chart-title) table tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(
            new[] { "keep", "gain", "lose" }.Select(k => FindNumber(summary, k).ToString("N0", CultureInfo.InvariantCulture)),
            outcome.Select(t => t.Trim()));
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        // The losers are paged by partner id: find ours, shown as text (never run as markup), and open its page.
        var link = tab.Page.Locator($"#losers ~ table a[href='/staff/partners/{loser}']");
        while (await link.CountAsync() == 0)
        {
            var next = tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next page" });
            Assert.True(await next.CountAsync() > 0, $"{loser} is not among the partners who lose status");
            await next.ClickAsync();
            await tab.Page.WaitForLoadStateAsync();
        }

        Assert.Contains("<script>alert(1)</script>", await link.InnerTextAsync(), StringComparison.Ordinal);
        await link.ClickAsync();
        await tab.Page.WaitForURLAsync("**/staff/partners/" + loser);
        await tab.ShotAsync("loser");
        Assert.Empty(tab.PageErrors);
    }

    [Fact]
    public async Task ImportsPage_BadFileThenGoodFile_ListsEveryBadLineWritesNothingThenImports()
    {
        var partnerId = await NewPartnerAsync("Import SARL", "registered");
        var header = "partnerId,competencyId,period,amount,currency,source,lineReference";
        var bad = $"{header}\n{partnerId},encryption,2026-07,100,EUR,distrib-b,INV-1\n{partnerId},no-such-competency,2026-13,100,EUR,distrib-b,INV-2\n";
        var good = $"{header}\n{partnerId},encryption,2026-07,2500.75,EUR,distrib-b,INV-1\n";
        await using var tab = await SignedInStaffAsync();
        var asked = new List<string>();
        tab.Page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await tab.GotoAsync(host.BaseUrl + "/staff/imports", "imports");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        await UploadAsync(tab, "bad.csv", bad, "rejected");
        var rejected = await tab.Page.Locator("section.errors").InnerTextAsync();
        Assert.Contains("bad.csv was not imported: nothing was written", rejected, StringComparison.Ordinal);
        Assert.Contains("competencyId", rejected, StringComparison.Ordinal);
        Assert.Contains("period", rejected, StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(await RevenueAsync(partnerId));

        await UploadAsync(tab, "good.csv", good, "imported");
        Assert.Contains("good.csv is imported: 1 rows for 1 partners.", await tab.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal([2500.75m], await RevenueAsync(partnerId));
        Assert.Equal(2, asked.Count(m => m.StartsWith("Import this file?", StringComparison.Ordinal)));
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(tab.PageErrors);
    }

    [Fact]
    public async Task ApiReference_FromTheConsole_ListsTheTagsAndATagsOperations()
    {
        await using var tab = await SignedInStaffAsync();
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "API reference" }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/api-reference");
        await tab.ShotAsync("api-reference");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        await tab.Page.Locator("main a[href='/api-reference/partners']").First.ClickAsync();
        await tab.Page.WaitForURLAsync("**/api-reference/partners");
        var text = await tab.Page.Locator("main").InnerTextAsync();
        Assert.Contains("/api/partners/{partnerId}/people/{personId}", text, StringComparison.Ordinal);
        Assert.Contains("Create or replace a person and their accreditations", text, StringComparison.Ordinal);
        await tab.ShotAsync("api-reference-partners");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(tab.PageErrors);
    }

    private static int FindNumber(JsonElement summary, string name) =>
        summary.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value.GetInt32();

    private static async Task UploadAsync(BrowserTab tab, string fileName, string csv, string shot)
    {
        await tab.Page.GetByLabel("Revenue lines").CheckAsync();
        await tab.Page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Check and import" }), shot);
    }

    // The calling test names the screenshot folder (as if it had opened the tab itself).
    [Fact]
    public async Task AuditLog_AfterAPartnerIsRegistered_ListsTheLineWithItsChangeAndLinksThePartnersLog()
    {
        var partnerId = await NewPartnerAsync("Audit <b>SARL</b> d'Inès", "silver");
        await using var tab = await SignedInStaffAsync();
        await tab.GotoAsync(host.BaseUrl + "/staff/audit", "audit-day");
        var row = tab.Page.Locator("tbody tr", new() { HasText = "PutPartner" }).Filter(new() { HasText = partnerId });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.Locator("summary").ClickAsync();
        Assert.Contains("Audit <b>SARL</b> d'Inès", await row.Locator("pre").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        await row.GetByRole(AriaRole.Link, new() { Name = partnerId }).ClickAsync();
        await tab.Page.WaitForURLAsync("**/staff/audit?partner=" + partnerId);
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log of partner " + partnerId })).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Link, new() { Name = "Download the whole log as CSV" })).ToHaveAttributeAsync("href", $"/staff/audit/partners/{partnerId}/csv");
        await tab.ShotAsync("audit-partner");
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        // The duplicates page (whatever the shared host's nightly found) passes axe too.
        await tab.GotoAsync(host.BaseUrl + "/staff/duplicates", "duplicates");
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "Duplicates", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(tab.Page.GetByRole(AriaRole.Heading, new() { Name = "People", Exact = true })).ToBeVisibleAsync();
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Empty(tab.PageErrors);
    }

    private async Task<BrowserTab> SignedInStaffAsync([CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        var tab = await BrowserTab.OpenAsync(chromium, null, test, file);
        await tab.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await tab.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");
        return tab;
    }

    private async Task<decimal[]> RevenueAsync(string partnerId)
    {
        var snapshot = await host.Host.Services.GetRequiredService<IPartnerRepository>().GetSnapshotAsync(partnerId);
        return snapshot!.Evidence.Revenue.Select(r => r.Amount).ToArray();
    }

    private async Task<string> NewPartnerAsync(string name, string legacyTier)
    {
        var id = "rp-" + Guid.NewGuid().ToString("N")[..10];
        using var response = await host.Staff.PutAsJsonAsync($"/api/partners/{id}", new { name, country = "FR", language = "fr", email = "contact@rp.example", legacySpecializations = new[] { "tech-endpoint-security" }, legacyTier });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<string> RunMigrationAsync()
    {
        using var start = await host.Staff.PostAsJsonAsync("/api/staff/migrations", new { sendEmails = false });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var run = await host.Staff.GetFromJsonAsync<JsonElement>($"/api/staff/runs/migration/{runId}");
            if (run.GetProperty("reports").GetArrayLength() > 0 && run.GetProperty("status").GetString() is "Completed" or "completed")
            {
                return runId;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The migration run did not complete in 3 minutes.");
    }
}
