using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.LocalHost.Mail;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Mail;

/// <summary>
/// The local mail pages (<see cref="MailPages"/>) in chromium: the list and one message pass axe; the search box finds
/// accented subjects typed without accents, the list pages by 50 keeping the search, internal headers stay folded.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class MailPageBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task MailPages_ListAndOneMessage_HaveNoSeriousAxeViolations()
    {
        var subject = "Votre référence à valider " + Guid.NewGuid().ToString("N")[..6];
        var sent = await host.Host.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(
            new EmailAddress("reviewer@browser.example", "Éloïse Durand"),
            subject,
            $"<p>Bonjour, <a href=\"{host.BaseUrl}/api/approvals/a1?token=x\">Ouvrir la demande</a></p>",
            $"Bonjour, ouvrez {host.BaseUrl}/api/approvals/a1?token=x .",
            "browser-mail-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(EmailSendStatus.Accepted, sent.Status);
        await using var tab = await BrowserTab.OpenAsync(chromium);

        var list = await tab.GotoAsync(host.BaseUrl + MailPages.ListPath, "mail-list");
        Assert.Equal(200, list.Status);
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());

        var message = tab.Page.GetByRole(AriaRole.Link, new() { Name = subject });
        var href = await message.GetAttributeAsync("href") ?? throw new InvalidOperationException("The subject is not a link.");
        var shown = await tab.GotoAsync(new Uri(new Uri(host.BaseUrl), href).ToString(), "mail-message");
        Assert.Equal(200, shown.Status);
        Assert.Equal(subject, await tab.Page.Locator("h1").InnerTextAsync());
        // axe checks the page, not the message's own HTML in its sandboxed frame (scripts cannot run there).
        output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
    }

    [Fact]
    public async Task MailList_SearchTypedWithoutAccentsThenPaged_ShowsTheMatchesFiftyAPageAndPassesAxe()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var recipients = Enumerable.Range(0, 60)
            .Select(i => new EmailBatchRecipient(new EmailAddress($"r{i}-{run}@browser.example"), $"Sécurité du compte {run} n{i:D2}", new Dictionary<string, string>(), $"{run}-{i}"))
            .ToArray();
        var sent = await host.Host.Services.GetRequiredService<IBatchEmailSender>().SendBatchAsync(new EmailBatch("<p>Bonjour</p>", "Bonjour", recipients));
        Assert.Equal(EmailSendStatus.Accepted, sent.Result.Status);
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.GotoAsync(host.BaseUrl + MailPages.ListPath, "mail-list");

        await tab.Page.GetByLabel("Search recipient, subject and text").FillAsync("SECURITE " + run);
        await tab.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("q=SECURITE", StringComparison.Ordinal));
        await tab.ShotAsync("searched");

        Assert.Equal(1, await tab.Page.Locator("main").CountAsync());
        await Assertions.Expect(tab.Page.GetByText("Page 1 of 2, 60 messages matching")).ToBeVisibleAsync();
        var rows = tab.Page.Locator("tbody tr");
        Assert.Equal(50, await rows.CountAsync());
        await Assertions.Expect(rows.First).ToContainTextAsync($"Sécurité du compte {run} n59");
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Previous" }).CountAsync());
        AllInLandmarks(await Axe.AssertNoSeriousViolationsAsync(tab.Page));

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("page=2", StringComparison.Ordinal));
        await tab.ShotAsync("page-2");

        await Assertions.Expect(tab.Page.GetByText("Page 2 of 2, 60 messages matching")).ToBeVisibleAsync();
        Assert.Equal(10, await rows.CountAsync());
        await Assertions.Expect(rows.Last).ToContainTextAsync($"Sécurité du compte {run} n00");
        Assert.Equal("SECURITE " + run, await tab.Page.GetByLabel("Search recipient, subject and text").InputValueAsync());
        Assert.Equal(0, await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Next" }).CountAsync());
        AllInLandmarks(await Axe.AssertNoSeriousViolationsAsync(tab.Page));

        await tab.Page.GetByRole(AriaRole.Link, new() { Name = "Previous" }).ClickAsync();
        await tab.Page.WaitForURLAsync(url => url.Contains("page=1", StringComparison.Ordinal) && url.Contains("q=SECURITE", StringComparison.Ordinal));
        await Assertions.Expect(tab.Page.GetByText("Page 1 of 2, 60 messages matching")).ToBeVisibleAsync();
        await tab.ShotAsync("back-to-page-1");
    }

    [Fact]
    public async Task MailMessage_InternalHeaders_HiddenUntilTheToggleIsOpened()
    {
        var key = "browser-toggle-" + Guid.NewGuid().ToString("N");
        var subject = "Internal headers " + key[^6..];
        var sent = await host.Host.Services.GetRequiredService<IEmailSender>().SendAsync(new EmailMessage(
            new EmailAddress("toggle@browser.example"),
            subject,
            $"<p>Bonjour, <a href=\"{host.BaseUrl}/api/approvals/a1?token=x\">Ouvrir la demande</a></p>",
            "Bonjour.",
            key));
        Assert.Equal(EmailSendStatus.Accepted, sent.Status);
        await using var tab = await BrowserTab.OpenAsync(chromium);
        await tab.GotoAsync(host.BaseUrl + MailPages.ListPath + "?q=" + Uri.EscapeDataString(subject), "mail-search");
        await tab.Page.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Assertions.Expect(tab.Page.Locator("h1")).ToHaveTextAsync(subject);
        await tab.ShotAsync("mail-message");

        var value = tab.Page.GetByText(key, new() { Exact = true });
        await Assertions.Expect(value).ToBeHiddenAsync();
        // The message's own HTML still shows in its frame under the page's policy.
        await Assertions.Expect(tab.Page.FrameLocator("iframe[title='HTML part']").GetByRole(AriaRole.Link, new() { Name = "Ouvrir la demande" })).ToBeVisibleAsync();
        AllInLandmarks(await Axe.AssertNoSeriousViolationsAsync(tab.Page));

        await tab.Page.GetByText("Internal headers", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(value).ToBeVisibleAsync();
        await tab.ShotAsync("internal-headers-open");
        AllInLandmarks(await Axe.AssertNoSeriousViolationsAsync(tab.Page));
    }

    // The moderate landmark rules axe reported on these pages before they had a <main>: all content is in one now.
    private void AllInLandmarks(AxeReport report)
    {
        output.WriteLine(report.ToString());
        Assert.DoesNotContain(report.Violations, v => v.Id is "landmark-one-main" or "region");
    }
}
