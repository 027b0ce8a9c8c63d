using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The partner's "My program" page on a real local host over Azurite: the projected timeline, in French.</summary>
public sealed class PartnerProgramPageTests : LocalHostPageTest
{
    [Fact]
    public async Task Show_AnAccreditationExpiringIn10Days_ListsTheDayPrincipalIsLostWhyAndTheClause()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        await Host.Services.GetRequiredService<IPartnerRepository>().UpsertEvidenceAsync(
            new PartnerEvidence(
                new Partner(partnerId, "Acme", "FR", "fr", "contact@acme.example", [], Tier.Silver),
                [
                    new Person("p1", "Léa Petit", new DateOnly(2020, 1, 1), null, [new Accreditation("encryption", today.AddMonths(-6), today.AddDays(10))]),
                    new Person("p2", "Hugo Roux", new DateOnly(2020, 1, 1), null, [new Accreditation("encryption", today.AddMonths(-6), null)]),
                ],
                [new RevenueLine("r1", "encryption", lastMonth, 50_000m, "EUR")],
                [new CustomerReference("c1", "encryption", "Mairie de Lorient", Market.Midmarket, ReferenceState.Approved, 4.5m)]),
            "test");
        using var browser = new PageClient(Host);
        await browser.SignInPartnerAsync(partnerId, key);

        var (response, html) = await browser.GetAsync("/partner/" + partnerId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains($"{ProgramText.Day(today.AddDays(11), "fr")}</strong> · vous perdez le niveau Principal en Encryption", text, StringComparison.Ordinal);
        Assert.Contains("(une accréditation expire)", text, StringComparison.Ordinal);
        Assert.Contains("Personnes accréditées : 1 sur 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rien d'ici un an", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_SwissPartnerWithChfRevenue_NamesItsCountryGroupAndListsEachConversion()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var rate = ProgramDefinitionLoader.LoadDefault().RateFor("CHF", lastMonth)!.Value;
        await Host.Services.GetRequiredService<IPartnerRepository>().UpsertEvidenceAsync(
            new PartnerEvidence(
                new Partner(partnerId, "Alpenschutz AG", "CH", "en", "contact@alpenschutz.example", [], Tier.Registered),
                [],
                [new RevenueLine("r1", "encryption", lastMonth, 10_000m, "CHF"), new RevenueLine("r2", "encryption", lastMonth, 500m, "EUR")],
                []),
            "test");
        using var browser = new PageClient(Host);
        await browser.SignInPartnerAsync(partnerId, key);

        var (response, html) = await browser.GetAsync("/partner/" + partnerId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Your thresholds are those of the program's country group \u201CSwitzerland and Liechtenstein\u201D.", text, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">10,000.00 CHF</td>", text, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"num\">{(10_000m * rate).ToString("N2", System.Globalization.CultureInfo.InvariantCulture)} EUR</td>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("500.00 EUR</td>", text, StringComparison.Ordinal); // a program-currency line is not a conversion
    }
}
