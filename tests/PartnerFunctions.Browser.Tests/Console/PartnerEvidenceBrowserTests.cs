using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Domain.Persistence;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// The partner's evidence page in chromium: a French partner signs in with its key, submits a person without a name
/// (the error is listed on top, linked to the field, and shown beside it; nothing saved), corrects it and sees it
/// listed. Axe on each state of the page.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PartnerEvidenceBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task Evidence_PartnerCorrectsARefusedPersonForm_ErrorsBesideTheFieldsThenSaved()
    {
        var partnerId = "ev-" + Guid.NewGuid().ToString("N")[..8];
        var key = await PartnerSignIn.NewFrenchPartnerWithKeyAsync(host, partnerId, "Justificatifs SAS");
        await using var partner = await BrowserTab.OpenAsync(chromium, "partner");
        await PartnerSignIn.WithKeyAsync(partner, host, key);
        await partner.Page.GetByRole(AriaRole.Link, new() { Name = "Mes justificatifs" }).ClickAsync();
        await partner.Page.WaitForURLAsync($"**/partner/{partnerId}/evidence");
        Assert.Equal("Mes justificatifs", await partner.Page.Locator("h1").InnerTextAsync());
        await AxeAsync(partner);

        // A person without a name: refused, the error on top links to the field, and is beside it.
        await partner.Page.GetByLabel("Date d'entrée").FillAsync("2024-03-01");
        var row = partner.Page.Locator("#person-form fieldset").First;
        await row.GetByLabel("Compétence").SelectOptionAsync("encryption");
        await row.GetByLabel("Obtenue le").FillAsync("2026-01-10");
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la personne" }), "refused");
        var summary = partner.Page.GetByRole(AriaRole.Alert);
        Assert.Contains("Rien n'a été enregistré", await summary.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("#person-name", await summary.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        Assert.Equal("obligatoire", await partner.Page.Locator("#person-name-error").InnerTextAsync());
        Assert.Equal("2026-01-10", await row.GetByLabel("Obtenue le").InputValueAsync());
        await AxeAsync(partner);

        // Corrected: saved, listed, and counted by the partner's data.
        await partner.Page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Camille Martin");
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la personne" }), "saved");
        Assert.Contains("La personne est enregistrée", await partner.Page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Camille Martin", await partner.Page.Locator("#people + table").InnerTextAsync(), StringComparison.Ordinal);
        var people = (await host.Host.Services.GetRequiredService<IPartnerRepository>().GetSnapshotAsync(partnerId))!.Evidence.People;
        Assert.Equal("Camille Martin", Assert.Single(people).Name);
        await AxeAsync(partner);
        Assert.Empty(partner.PageErrors);
    }

    private async Task AxeAsync(BrowserTab tab) => output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
}
