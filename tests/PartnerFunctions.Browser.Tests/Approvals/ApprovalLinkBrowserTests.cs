using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Persistence;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Approvals;

/// <summary>
/// The approval email's link opened in chromium, as the program staff member it is addressed to would: the page
/// passes axe, shows the request's values as text, and its Approve button answers exactly once.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class ApprovalLinkBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task ApprovalLink_ApprovedInTheBrowser_AnswersOnceAndRefusesTheSameLinkAgain()
    {
        var waiting = await WaitingApproval.StartAsync(host, "Cyberprotection Lyon SAS");
        await using var tab = await BrowserTab.OpenAsync(chromium);
        // A second tab left open on the same link: its form is the same link's form posted again later.
        await using var stale = await BrowserTab.OpenAsync(chromium, "stale-tab");

        var shown = await tab.GotoAsync(waiting.Link, "confirmation");
        Assert.Equal(200, shown.Status);
        Assert.Equal("Validate a customer reference", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Contains($"Cyberprotection Lyon SAS ({waiting.PartnerId})", await tab.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        Assert.Equal(200, (await stale.GotoAsync(waiting.Link, "confirmation")).Status);

        // The reference's evidence opens in a new tab through a form carrying the token (not a URL): the PNG, sandboxed.
        var documentResponse = new TaskCompletionSource<IResponse>();
        tab.Page.Context.Response += (_, r) =>
        {
            if (r.Url.EndsWith($"/api/approvals/{waiting.ApprovalId}/documents", StringComparison.Ordinal))
            {
                documentResponse.TrySetResult(r);
            }
        };
        var popup = await tab.Page.Context.RunAndWaitForPageAsync(() => tab.Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Open .*PNG image") }).ClickAsync());
        var document = await documentResponse.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(200, document.Status);
        Assert.Equal("image/png", (await document.AllHeadersAsync())["content-type"]);
        Assert.StartsWith("sandbox", (await document.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal(WaitingApproval.Png, await document.BodyAsync());
        Assert.DoesNotContain("token=", popup.Url, StringComparison.Ordinal);
        await popup.CloseAsync();

        await tab.Page.GetByLabel("Comment (optional)").FillAsync("Checked with the customer by phone.");
        var answered = await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }), "approved");

        Assert.Equal(200, answered.Status);
        Assert.Equal("Approved", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal("The customer reference is validated; the partner's certification continues with it.", await tab.Page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("This link cannot be used again.", await tab.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
        var approval = await ApprovalAsync(waiting.ApprovalId);
        Assert.Equal((ApprovalStatus.Approved, "Checked with the customer by phone."), (approval.Status, approval.Comment));

        // The same link opened again (GET) is refused: already answered, nothing changed.
        var again = await tab.GotoAsync(waiting.Link, "link-opened-again");
        Assert.Equal(409, again.Status);
        Assert.Equal("Already answered", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await tab.Page.Locator("form").CountAsync());
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        // The same form posted again from the tab still open on it (this time Reject) is refused and changes nothing.
        var reposted = await stale.SubmitAsync(stale.Page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }), "reposted");
        Assert.Equal(409, reposted.Status);
        Assert.Equal("Already answered", await stale.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("Nothing was changed.", await stale.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var after = await ApprovalAsync(waiting.ApprovalId);
        Assert.Equal((ApprovalStatus.Approved, approval.DecidedBy, approval.DecidedAt, approval.Comment), (after.Status, after.DecidedBy, after.DecidedAt, after.Comment));

        // The one answer reached the workflow: the certification completes with the reference validated.
        var certification = await waiting.WaitForCertificationAsync(host);
        Assert.Equal("Completed", certification.GetProperty("runtimeStatus").ToString(), ignoreCase: true);
        Assert.Equal("principal", certification.GetProperty("output").GetProperty("levelGranted").GetString(), ignoreCase: true);
        Assert.Empty(tab.PageErrors);
        Assert.Empty(stale.PageErrors);
    }

    [Fact]
    public async Task ApprovalLink_PartnerNameWithScript_ShowsTheNameAsTextAndRunsNoScript()
    {
        const string Name = "<script>window.__pfInjected = 1</script><img src=x onerror=\"window.__pfInjected = 2\"> & \"Partners\"";
        var waiting = await WaitingApproval.StartAsync(host, Name);
        await using var tab = await BrowserTab.OpenAsync(chromium);

        var shown = await tab.GotoAsync(waiting.Link, "confirmation");

        Assert.Equal(200, shown.Status);
        var partnerRow = tab.Page.Locator("dt", new() { HasText = "Partner" }).First.Locator("xpath=following-sibling::dd[1]");
        Assert.Equal($"{Name} ({waiting.PartnerId})", await partnerRow.InnerTextAsync());
        Assert.True(await tab.Page.EvaluateAsync<bool>("() => typeof window.__pfInjected === 'undefined'"), "a script from the partner name ran");
        Assert.Equal(0, await tab.Page.Locator("main script, main img").CountAsync());
        // Encoded, the markup never reaches the parser as markup; had it, the CSP would have refused it with a console error.
        Assert.Empty(tab.ConsoleErrors);
        Assert.Empty(tab.PageErrors);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
    }

    [Fact]
    public async Task ApprovalLink_UnknownRequestOrWrongToken_ShowsTheNotValidPage()
    {
        await using var tab = await BrowserTab.OpenAsync(chromium);

        var shown = await tab.GotoAsync($"{host.BaseUrl}/api/approvals/apr-{Guid.NewGuid():N}?token=not-the-token", "link-not-valid");

        Assert.Equal(404, shown.Status);
        Assert.Equal("Link not valid", await tab.Page.Locator("h1").InnerTextAsync());
        Assert.Contains("Nothing was changed.", await tab.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await tab.Page.Locator("form").CountAsync());
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
    }

    private async Task<ApprovalRequest> ApprovalAsync(string approvalId) =>
        await host.Host.Services.GetRequiredService<IApprovalRepository>().GetAsync(approvalId)
        ?? throw new InvalidOperationException($"Approval {approvalId} is not stored.");
}
