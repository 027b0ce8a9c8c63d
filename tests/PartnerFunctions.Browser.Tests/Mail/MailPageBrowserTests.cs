using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.LocalHost.Mail;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Mail;

/// <summary>The local mail pages (<see cref="MailPages"/>) in chromium: the list and one message pass axe.</summary>
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
}
