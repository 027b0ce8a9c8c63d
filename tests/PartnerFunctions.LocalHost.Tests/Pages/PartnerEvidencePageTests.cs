using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// The partner's evidence page on a real local host over Azurite: each form saves through the API's writer (303 back),
/// or is shown again with its values and every error beside its field in the partner's language, writing nothing.
/// </summary>
public sealed class PartnerEvidencePageTests : LocalHostPageTest
{
    private IPartnerRepository Partners => Host.Services.GetRequiredService<IPartnerRepository>();

    [Fact]
    public async Task SavePerson_ValidFormWithABlankRow_Redirects303AndSavesThePersonOnceWhenResubmitted()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;
        var personId = FormId(html, "person");
        (string, string)[] fields =
        [
            ("id", personId), ("name", "Camille <Durand>"), ("employedFrom", "2024-03-01"), ("employedTo", ""),
            ("accreditations[0].competencyId", ""), ("accreditations[0].completedOn", ""), ("accreditations[0].expiresOn", ""),
            ("accreditations[1].competencyId", "encryption"), ("accreditations[1].completedOn", "2026-01-10"), ("accreditations[1].expiresOn", ""),
        ];

        var (first, _) = await browser.PostAsync(Path(partnerId) + "/people", browser.Token, fields);
        var (second, _) = await browser.PostAsync(Path(partnerId) + "/people", browser.Token, fields);
        var (_, page) = await browser.GetAsync(first.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(Path(partnerId) + "?saved=person", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        var person = Assert.Single((await Partners.GetSnapshotAsync(partnerId))!.Evidence.People);
        Assert.Equal((personId, "Camille <Durand>", new DateOnly(2024, 3, 1)), (person.Id, person.Name, person.EmployedFrom));
        Assert.Equal(new Accreditation("encryption", new DateOnly(2026, 1, 10), null), Assert.Single(person.Accreditations));
        Assert.Contains("La personne est enregistrée", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Camille &lt;Durand&gt;", page, StringComparison.Ordinal);
        Assert.NotEqual(personId, FormId(page, "person"));
    }

    [Fact]
    public async Task SavePerson_BadFields_Returns400WithFrenchErrorsBesideThemKeepsTheValuesAndSavesNothing()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;

        var (response, page) = await browser.PostAsync(
            Path(partnerId) + "/people",
            browser.Token,
            ("id", FormId(html, "person")), ("name", " "), ("employedFrom", "2025-05-01"), ("employedTo", "2025-01-01"),
            ("accreditations[0].competencyId", ""), ("accreditations[0].completedOn", ""), ("accreditations[0].expiresOn", ""),
            ("accreditations[1].competencyId", "encryption"), ("accreditations[1].completedOn", "2099-01-01"), ("accreditations[1].expiresOn", ""));
        var text = WebUtility.HtmlDecode(page);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Rien n'a été enregistré : corrigez le formulaire", text, StringComparison.Ordinal);
        Assert.Contains("id=\"person-name-error\">obligatoire<", text, StringComparison.Ordinal);
        Assert.Contains("id=\"person-employedTo-error\">ne doit pas précéder la date d'entrée<", text, StringComparison.Ordinal);
        Assert.Contains("id=\"person-accreditations-1-completedOn-error\">ne doit pas être dans le futur<", text, StringComparison.Ordinal);
        Assert.Contains("href=\"#person-accreditations-1-completedOn\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"2099-01-01\"", page, StringComparison.Ordinal);
        Assert.Empty((await Partners.GetSnapshotAsync(partnerId))!.Evidence.People);
    }

    [Fact]
    public async Task SaveRevenue_FrenchDecimalCommaThenAFutureMonth_SavesTheFirstInTheProgramCurrencyAndRefusesTheSecond()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;
        var lineId = FormId(html, "revenue");
        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var future = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var (saved, _) = await browser.PostAsync(Path(partnerId) + "/revenue", browser.Token, ("id", lineId), ("currency", "EUR"), ("competencyId", "encryption"), ("period", month), ("amount", "12 500,50"));
        var (refused, page) = await browser.PostAsync(Path(partnerId) + "/revenue", browser.Token, ("id", "revenue-other"), ("currency", "EUR"), ("competencyId", "encryption"), ("period", future), ("amount", "0"));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var line = Assert.Single((await Partners.GetSnapshotAsync(partnerId))!.Evidence.Revenue);
        Assert.Equal((lineId, 12500.50m, "EUR"), (line.Id, line.Amount, line.Currency));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"revenue-period-error\">ne doit pas être postérieur au mois en cours<", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("id=\"revenue-amount-error\">doit être supérieur à 0", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveRevenue_ListedCurrencyThenAnUnlistedOne_SavesTheFirstAsEnteredShowsWhatItCountsForAndRefusesTheSecond()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;
        var lineId = FormId(html, "revenue");
        var month = DateTime.UtcNow.AddMonths(-1).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var (saved, _) = await browser.PostAsync(Path(partnerId) + "/revenue", browser.Token, ("id", lineId), ("currency", "CHF"), ("competencyId", "encryption"), ("period", month), ("amount", "1000"));
        var (refused, refusedPage) = await browser.PostAsync(Path(partnerId) + "/revenue", browser.Token, ("id", "revenue-usd"), ("currency", "USD"), ("competencyId", "encryption"), ("period", month), ("amount", "10"));
        var (_, page) = await browser.GetAsync(Path(partnerId));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var line = Assert.Single((await Partners.GetSnapshotAsync(partnerId))!.Evidence.Revenue);
        Assert.Equal((lineId, 1000m, "CHF"), (line.Id, line.Amount, line.Currency));
        Assert.Matches(@"1[\s\u00a0\u202f]?000,00 CHF<br><span class=""muted"">compte pour 1[\s\u00a0\u202f]?0\d\d,\d\d EUR</span>", WebUtility.HtmlDecode(page));
        Assert.Contains("<option value=\"CHF\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("doit être l'une des devises EUR, CHF, GBP", WebUtility.HtmlDecode(refusedPage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutRevenue_ListedCurrency_AnswersTheConversionAtTheMonthsProgramRate()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        var month = DateTime.UtcNow.AddMonths(-1);
        var rate = Domain.Program.ProgramDefinitionLoader.LoadDefault().RateFor("GBP", DateOnly.FromDateTime(month))!.Value;

        using var response = await Host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/revenue/gb1", new { competencyId = "encryption", period = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), amount = 1_000.05m, currency = "GBP" });
        using var noRate = await Host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/revenue/gb2", new { competencyId = "encryption", period = "2025-09", amount = 10m, currency = "GBP" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conversion = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("conversion");
        Assert.Equal("EUR", conversion.GetProperty("programCurrency").GetString());
        Assert.Equal(rate, conversion.GetProperty("rate").GetDecimal());
        Assert.Equal(Math.Round(1_000.05m * rate, 2, MidpointRounding.AwayFromZero), conversion.GetProperty("convertedAmount").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, noRate.StatusCode);
        Assert.Contains("GBP has no program rate for 2025-09", await noRate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("gb1", Assert.Single((await Partners.GetSnapshotAsync(partnerId))!.Evidence.Revenue).Id);
    }

    [Fact]
    public async Task EditLink_PartnersOwnLine_OpensTheFormWithTheStoredValues()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await browser.PostAsync(Path(partnerId) + "/revenue", browser.Token, ("id", FormId(html, "revenue")), ("currency", "EUR"), ("competencyId", "encryption"), ("period", month), ("amount", "300"));
        var lineId = Assert.Single((await Partners.GetSnapshotAsync(partnerId))!.Evidence.Revenue).Id;

        var (response, page) = await browser.GetAsync(Path(partnerId) + "?edit=revenue:" + lineId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(lineId, FormId(page, "revenue"));
        Assert.Contains($"value=\"{month}\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"300\"", page, StringComparison.Ordinal);
        Assert.Contains("Modifier une ligne de chiffre d&#x27;affaires", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadDocument_PdfThenATextFile_StoresThePdfListedAndOpenableAndRefusesTheTextBesideTheFileField()
    {
        var (browser, partnerId, html) = await OpenAsync();
        using var _ = browser;
        var referenceId = FormId(html, "reference");
        var (submitted, _) = await browser.PostAsync(Path(partnerId) + "/references", browser.Token, ("id", referenceId), ("competencyId", "encryption"), ("customerName", "Banque du Nord"), ("customerMarket", "enterprise"), ("satisfaction", "4,5"));

        using var pdf = await UploadAsync(browser, partnerId, referenceId, "application/pdf", "%PDF-1.4\n% evidence\n"u8.ToArray());
        using var text = await UploadAsync(browser, partnerId, referenceId, "text/plain", "not a pdf"u8.ToArray());
        var refusedPage = WebUtility.HtmlDecode(await text.Content.ReadAsStringAsync());
        var (_, listed) = await browser.GetAsync(Path(partnerId));
        var link = Regex.Match(listed, $"href=\"({Regex.Escape(Path(partnerId))}/references/{referenceId}/documents/[^\"]+)\"[^>]*>Document 1<").Groups[1].Value;
        using var opened = await browser.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.SeeOther, submitted.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, pdf.StatusCode);
        Assert.Equal(Path(partnerId) + "?saved=document", pdf.Headers.Location!.OriginalString);
        var stored = (await Partners.GetReferenceAsync(partnerId, referenceId))!;
        Assert.Equal((ReferenceState.Submitted, 4.5m), (stored.Reference.State, stored.Reference.Satisfaction));
        Assert.Single(stored.DocumentNames);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("application/pdf", opened.Content.Headers.ContentType?.MediaType);
        Assert.Equal("%PDF-1.4\n% evidence\n"u8.ToArray(), await opened.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains($"id=\"document-{referenceId}-error\" role=\"alert\">Ce type de fichier n'est pas accepté", refusedPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_StaffSession_ShowsTheEvidenceInThePartnersLanguageWithoutItsForms()
    {
        var (partnerBrowser, partnerId, html) = await OpenAsync();
        partnerBrowser.Dispose();
        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();

        var (response, page) = await staff.GetAsync(Path(partnerId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("en tant qu'équipe du programme", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"person-form\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"person-form\"", html, StringComparison.Ordinal);
    }

    private static string Path(string partnerId) => "/partner/" + partnerId + "/evidence";

    private async Task<(PageClient Browser, string PartnerId, string Html)> OpenAsync()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        var browser = new PageClient(Host);
        await browser.SignInPartnerAsync(partnerId, key);
        var (response, html) = await browser.GetAsync(Path(partnerId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (browser, partnerId, html);
    }

    private static async Task<HttpResponseMessage> UploadAsync(PageClient browser, string partnerId, string referenceId, string contentType, byte[] bytes)
    {
        using var form = new MultipartFormDataContent { { new StringContent(browser.Token!), PageForms.AntiforgeryField } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "document", "evidence" + (contentType == "application/pdf" ? ".pdf" : ".txt"));
        return await browser.Http.PostAsync(Path(partnerId) + "/references/" + referenceId + "/documents", form);
    }

    // The evidence id a form was rendered with (its hidden field, the first in the form after the token).
    private static string FormId(string html, string form)
    {
        var match = Regex.Match(html, "id=\"" + form + "-form\"[^>]*>\\s*<input type=\"hidden\" name=\"__RequestVerificationToken\"[^>]*>\\s*<input type=\"hidden\" name=\"id\" value=\"(?<id>[^\"]+)\"");
        Assert.True(match.Success, "No " + form + " form on the page.");
        return match.Groups["id"].Value;
    }
}
