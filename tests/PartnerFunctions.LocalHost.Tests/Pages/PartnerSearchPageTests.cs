using System.Net;
using System.Net.Http.Json;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's partner search page over the search index, on a real local host.</summary>
public sealed class PartnerSearchPageTests : LocalHostPageTest
{
    [Fact]
    public async Task Search_NameWithoutAccentsOrCase_FindsThePartnerAndNotTheOthers()
    {
        var wanted = await PartnerAsync("Sécurité Plus SARL");
        var other = await PartnerAsync("Backup Express SAS");
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync("/staff/partners?q=SECURITE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/partner/" + wanted, html, StringComparison.Ordinal);
        Assert.DoesNotContain(other, html, StringComparison.Ordinal);
        Assert.Contains("S&#xE9;curit&#xE9; Plus SARL", html, StringComparison.Ordinal);
        var (_, all) = await browser.GetAsync("/staff/partners");
        Assert.Contains("/partner/" + wanted, all, StringComparison.Ordinal);
        Assert.Contains("/partner/" + other, all, StringComparison.Ordinal);
        var (_, dashboard) = await browser.GetAsync("/staff");
        Assert.Contains("Partners (2)", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_UnknownTierOrBadCountry_Returns400NamingTheFieldAndListsNothing()
    {
        await PartnerAsync("Acme Sécurité");
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (tier, tierHtml) = await browser.GetAsync("/staff/partners?tier=diamond");
        var (country, countryHtml) = await browser.GetAsync("/staff/partners?country=FRA");

        Assert.Equal(HttpStatusCode.BadRequest, tier.StatusCode);
        Assert.Contains("Tier: choose a tier from the list.", tierHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, country.StatusCode);
        Assert.Contains("Country:", countryHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("<tbody>", countryHtml, StringComparison.Ordinal);
    }

    private async Task<string> PartnerAsync(string name)
    {
        var id = "s-" + Guid.NewGuid().ToString("N")[..10];
        using var response = await Host.Http.PutAsJsonAsync($"/api/partners/{id}", new { name, country = "FR", language = "fr", email = "contact@acme.example", legacySpecializations = Array.Empty<string>(), legacyTier = "silver" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }
}
