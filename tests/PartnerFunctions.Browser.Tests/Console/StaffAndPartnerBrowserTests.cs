using System.Net.Http.Json;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.LocalHost.Tests.Contract;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// The console and the partner pages in chromium, as program staff and a partner would use them: staff sign in and
/// approve the reference a certification waits for; the partner signs in with the link mailed to it, sees its new tier
/// and the decision, and nothing of another partner's; sign-out ends the session. Every page passes axe.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class StaffAndPartnerBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task Console_StaffApproveTheReference_PartnerSignsInByEmailedLinkAndSeesItsNewTier()
    {
        var waiting = await WaitingApproval.StartAsync(host, "Sécurité Lyon SAS");
        var other = await NewPartnerAsync("Autre Partenaire SAS");
        await using var staff = await BrowserTab.OpenAsync(chromium, "staff");

        // "/" leads to sign-in; the staff key signs in to the dashboard.
        await staff.GotoAsync(host.BaseUrl + "/", "root");
        Assert.EndsWith("/sign-in", new Uri(staff.Page.Url).AbsolutePath, StringComparison.Ordinal);
        await AxeAsync(staff);
        await staff.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");
        Assert.Equal("Dashboard", await staff.Page.Locator("h1").InnerTextAsync());
        Assert.Equal(1, await staff.Page.Locator("svg[role=img] title", new() { HasText = "Partners by tier" }).CountAsync());
        Assert.True(await staff.Page.Locator("table", new() { HasText = "Partners by tier" }).Locator("tbody tr").CountAsync() == 4, "the chart's table lists the four tiers");
        await AxeAsync(staff);

        // The queue lists the reference the certification waits for; staff open it and approve it with a comment.
        await staff.GotoAsync(host.BaseUrl + "/staff/approvals", "queue");
        var row = staff.Page.Locator("tr", new() { HasText = waiting.PartnerId });
        Assert.Equal(1, await row.CountAsync());
        await AxeAsync(staff);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await staff.Page.WaitForURLAsync($"**/staff/approvals/{waiting.ApprovalId}");
        await staff.ShotAsync("request");
        Assert.Contains($"Sécurité Lyon SAS ({waiting.PartnerId})", await staff.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var evidence = staff.Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open .*PNG image") });
        var evidenceResponse = await staff.Page.Context.APIRequest.GetAsync(host.BaseUrl + await evidence.GetAttributeAsync("href"));
        Assert.Equal((200, "image/png"), (evidenceResponse.Status, evidenceResponse.Headers["content-type"]));
        Assert.Equal(WaitingApproval.Png, await evidenceResponse.BodyAsync());
        await AxeAsync(staff);
        await staff.Page.GetByLabel("Comment (optional)").FillAsync("Called the customer.");
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }), "approved");
        Assert.Equal("Your answer is recorded.", await staff.Page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("Called the customer.", await staff.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await staff.Page.Locator("main form").CountAsync());
        var certification = await waiting.WaitForCertificationAsync(host);
        Assert.Equal("Completed", certification.GetProperty("runtimeStatus").ToString(), ignoreCase: true);

        // The partner asks for a sign-in link; it arrives by mail and signs in once, through a Continue button.
        await using var partner = await BrowserTab.OpenAsync(chromium, "partner");
        await partner.GotoAsync(host.BaseUrl + "/partner/" + waiting.PartnerId, "redirected-to-sign-in");
        Assert.EndsWith("/sign-in", new Uri(partner.Page.Url).AbsolutePath, StringComparison.Ordinal);
        await partner.Page.GetByLabel("Partner id / Identifiant partenaire").FillAsync(waiting.PartnerId);
        await partner.Page.GetByLabel("Contact email / Adresse de contact").FillAsync($"contact@{waiting.PartnerId}.browser.example");
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Email me a link / Recevoir un lien" }), "link-asked");
        Assert.Contains("a sign-in link is on its way", await partner.Page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        var mail = await host.WaitForMailAsync(m => m.To.Contains(waiting.PartnerId, StringComparison.Ordinal) && m.Subject.Contains("lien de connexion", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var link = mail.Links.Single(l => l.Contains("/sign-in/link/", StringComparison.Ordinal));
        await partner.GotoAsync(link, "continue");
        await AxeAsync(partner);
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Continue / Continuer" }), "my-program");
        Assert.Equal("Mon programme", await partner.Page.Locator("h1").InnerTextAsync());
        var main = await partner.Page.Locator("main").InnerTextAsync();
        output.WriteLine(main);
        Assert.Contains("Argent", main, StringComparison.Ordinal);
        Assert.True(await partner.Page.Locator("main details").CountAsync() >= 1, "the certification's decision is listed");
        await AxeAsync(partner);

        // Only its own data: another partner's page and the console answer as they would to a stranger.
        Assert.Equal(404, (await partner.GotoAsync(host.BaseUrl + "/partner/" + other, "forged-other-partner")).Status);
        Assert.DoesNotContain("Autre Partenaire", await partner.Page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(403, (await partner.GotoAsync(host.BaseUrl + "/staff", "staff-page")).Status);
        await AxeAsync(partner);
        Assert.Equal(404, (await partner.GotoAsync(link, "link-used-again")).Status);

        // Sign-out ends the session: the page goes back to sign-in.
        await partner.GotoAsync(host.BaseUrl + "/partner/" + waiting.PartnerId, "before-sign-out");
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }), "signed-out");
        Assert.Equal("You are signed out.", await partner.Page.GetByRole(AriaRole.Status).InnerTextAsync());
        await partner.GotoAsync(host.BaseUrl + "/partner/" + waiting.PartnerId, "after-sign-out");
        Assert.EndsWith("/sign-in", new Uri(partner.Page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Empty(staff.PageErrors);
        Assert.Empty(partner.PageErrors);
        Assert.DoesNotContain(partner.ConsoleErrors, e => !e.Contains("404", StringComparison.Ordinal) && !e.Contains("403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PartnerPage_NameWithScript_ShowsTheNameAsTextAndRunsNoScript()
    {
        const string Name = "<script>window.__pfInjected = 1</script><img src=x onerror=\"window.__pfInjected = 2\"> & Partners";
        var partnerId = await NewPartnerAsync(Name);
        await using var staff = await BrowserTab.OpenAsync(chromium);
        await staff.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await staff.Page.GetByLabel("Staff key").FillAsync(LocalHostContract.StaffKey);
        await staff.SubmitAsync(staff.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as staff" }), "dashboard");

        var shown = await staff.GotoAsync(host.BaseUrl + "/partner/" + partnerId, "partner-page");

        Assert.Equal(200, shown.Status);
        Assert.Contains(Name, await staff.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await staff.Page.EvaluateAsync<bool>("() => typeof window.__pfInjected === 'undefined'"), "a script from the partner name ran");
        Assert.Equal(0, await staff.Page.Locator("main script, main img").CountAsync());
        await AxeAsync(staff);
    }

    private async Task<string> NewPartnerAsync(string name)
    {
        var id = "br-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await host.Staff.PutAsJsonAsync($"/api/partners/{id}", new
        {
            name,
            country = "FR",
            language = "fr",
            email = $"contact@{id}.browser.example",
            legacySpecializations = Array.Empty<string>(),
            legacyTier = "silver",
        });
        Assert.Equal(201, (int)response.StatusCode);
        return id;
    }

    private async Task AxeAsync(BrowserTab tab) => output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
}
