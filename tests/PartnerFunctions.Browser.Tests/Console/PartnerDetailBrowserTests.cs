using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Contract;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// The console's partner page in chromium: staff find a partner, open it from the search, read its revenue chart and
/// the chart's table, issue an API key (asked to confirm; the key shown once) and revoke it (confirmed too). Axe on each page.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PartnerDetailBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task PartnerDetail_StaffOpenFromSearch_SeeRevenueAndIssueThenRevokeAKey()
    {
        var partnerId = "pd-" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(partnerId, "Détail Navigateur SAS");
        await using var staff = await BrowserTab.OpenAsync(chromium, "staff");
        var confirmations = new List<string>();
        staff.Page.Dialog += async (_, dialog) =>
        {
            confirmations.Add(dialog.Message);
            await dialog.AcceptAsync();
        };
        await staff.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await staff.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");

        // Search, then open the partner from its row.
        await staff.GotoAsync(host.BaseUrl + "/staff/partners?q=" + partnerId, "search");
        await staff.Page.GetByRole(AriaRole.Link, new() { Name = "Détail Navigateur SAS", Exact = true }).ClickAsync();
        await staff.Page.WaitForURLAsync($"**/staff/partners/{partnerId}");
        await staff.ShotAsync("partner");
        Assert.Equal("Détail Navigateur SAS", await staff.Page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await staff.Page.Locator("svg[role=img] title", new() { HasText = "Revenue by month" }).CountAsync());
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var row = staff.Page.Locator("table", new() { HasText = "Revenue by month" }).Locator("tbody tr", new() { HasText = month });
        Assert.Equal("48,000 €", await row.Locator("td").Nth(1).InnerTextAsync());
        await AxeAsync(staff);

        // Issue a key: confirmed first, then shown once.
        await staff.Page.GetByLabel("Label of a new key (optional)").FillAsync("Browser test");
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Issue a key" }), "issued");
        var key = await staff.Page.GetByLabel("Key", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("pf_", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, staff.Page.Url, StringComparison.Ordinal);
        await AxeAsync(staff);

        // Revoke it: confirmed first; the page shows it revoked and the key no longer there.
        var credentialId = key[3..27];
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Revoke " + credentialId }), "revoked");
        Assert.Contains("is revoked", await staff.Page.GetByRole(AriaRole.Status).First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Revoked", await staff.Page.Locator("#credentials table").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, await staff.Page.ContentAsync(), StringComparison.Ordinal);
        await AxeAsync(staff);

        Assert.Equal(2, confirmations.Count);
        Assert.Contains("Issue a new API key", confirmations[0], StringComparison.Ordinal);
        Assert.Contains("Revoke credential " + credentialId, confirmations[1], StringComparison.Ordinal);
        Assert.Empty(staff.PageErrors);
    }

    [Fact]
    public async Task TierOverride_StaffAsksThroughTheForm_WaitsForASecondApproverAndTheRequesterIsRefused()
    {
        var partnerId = "po-" + Guid.NewGuid().ToString("N")[..8];
        await SeedAsync(partnerId, "Override Navigateur SAS");
        await using var staff = await BrowserTab.OpenAsync(chromium, "staff");
        staff.Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await staff.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await staff.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");

        await staff.GotoAsync(host.BaseUrl + "/staff/partners/" + partnerId, "partner");
        var panel = staff.Page.Locator("#tier-override");
        await panel.GetByLabel("Tier").SelectOptionAsync("platinum");
        await panel.GetByLabel("Reason (10 to 500 characters; the second approver reads it)").FillAsync("Strategic account <script>alert(1)</script>");
        await panel.GetByLabel("Last day").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await staff.SubmitAsync(panel.GetByRole(AriaRole.Button, new() { Name = "Ask a second approver" }), "requested");
        await Assertions.Expect(panel.GetByRole(AriaRole.Status)).ToContainTextAsync("takes effect once a second member of the program team approves it");
        Assert.Equal("Silver", (await staff.Page.Locator(".card .figure").First.InnerTextAsync()).Trim());
        await AxeAsync(staff);

        // The request is in the queue; its own requester may not answer it.
        await staff.GotoAsync(host.BaseUrl + "/staff/approvals", "queue");
        await staff.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = partnerId }).GetByRole(AriaRole.Link).First.ClickAsync();
        await staff.Page.WaitForLoadStateAsync();
        Assert.Contains("Strategic account <script>alert(1)</script>", await staff.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await staff.ShotAsync("own-request");
        await Assertions.Expect(staff.Page.Locator("main .state-warn")).ToContainTextAsync("a second member of the program team must answer it");
        await Assertions.Expect(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await AxeAsync(staff);
        Assert.Empty(staff.PageErrors);
    }

    private async Task SeedAsync(string partnerId, string name)
    {
        var competency = ProgramDefinitionLoader.LoadDefault().Competencies[0];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var partners = host.Host.Services.GetRequiredService<IPartnerRepository>();
        var partner = new Partner(partnerId, name, "FR", "fr", $"contact@{partnerId}.browser.example", ["Cloud Platform"], Tier.Silver);
        await partners.UpsertPartnerAsync(partner);
        await partners.UpsertEvidenceAsync(
            new PartnerEvidence(
                partner,
                [new Person("per-1", "Camille Martin", today.AddYears(-2), null, [new Accreditation(competency.Id, today.AddMonths(-3), null)])],
                [new RevenueLine("rev-1", competency.Id, new DateOnly(today.Year, today.Month, 1), 48000m, "EUR"), new RevenueLine("rev-2", competency.Id, new DateOnly(today.Year, today.Month, 1).AddMonths(-2), 15000m, "EUR")],
                []),
            "browser-test");
    }

    private async Task AxeAsync(BrowserTab tab) => output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
}
