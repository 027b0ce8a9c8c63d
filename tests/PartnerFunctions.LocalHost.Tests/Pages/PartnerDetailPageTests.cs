using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Contract;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's partner page on a real local host: figures from storage, documents inline, keys issued once and revoked.</summary>
public sealed partial class PartnerDetailPageTests : LocalHostPageTest
{
    [Fact]
    public async Task Show_StoredEvidence_RendersItsFiguresDocumentsAndEmails()
    {
        var partnerId = "d-" + Guid.NewGuid().ToString("N")[..10];
        var competency = ProgramDefinitionLoader.LoadDefault().Competencies[0];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var month = new DateOnly(today.Year, today.Month, 1);
        var partners = Host.Services.GetRequiredService<IPartnerRepository>();
        var partner = new Partner(partnerId, "Détail Conseil SAS", "FR", "fr", $"contact@{partnerId}.example", ["Cloud Platform"], Tier.Silver);
        await partners.UpsertPartnerAsync(partner);
        await partners.UpsertEvidenceAsync(
            new PartnerEvidence(
                partner,
                [new Person("per-1", "Camille Martin", today.AddYears(-2), null, [new Accreditation(competency.Id, today.AddMonths(-3), new DateOnly(2031, 5, 17))])],
                [new RevenueLine("rev-1", competency.Id, month, 12345m, "EUR")],
                [new CustomerReference("ref-1", competency.Id, "Client Exemple SA", Market.Enterprise, ReferenceState.Approved, 4.5m)]),
            "test");
        var documents = Host.Services.GetRequiredService<IEvidenceDocumentStore>();
        using var pdf = new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.4 test document"));
        var stored = await documents.UploadAsync(partnerId, "ref-1", "0123456789abcdef0123456789abcdef", "application/pdf", pdf);
        await partners.AddReferenceDocumentAsync(partnerId, "ref-1", stored.Name);
        var outbox = Host.Services.GetRequiredService<INotificationOutbox>();
        await outbox.TryAddAsync(new NotificationRequest(new NotificationKey("test-instance", "tier-upgrade", partner.Email), "tier-changed", "Votre niveau a changé", "{}", DateTimeOffset.UtcNow));
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync("/staff/partners/" + partnerId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("D&#xE9;tail Conseil SAS", html, StringComparison.Ordinal);
        Assert.Contains("Cloud Platform", html, StringComparison.Ordinal);
        Assert.Contains("Camille Martin", html, StringComparison.Ordinal);
        Assert.Contains("17 May 2031", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{month:yyyy-MM}</td><td>12,345 €</td>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("Client Exemple SA", html, StringComparison.Ordinal);
        Assert.Contains("Votre niveau a chang&#xE9;", html, StringComparison.Ordinal);
        Assert.Contains("Pending", html, StringComparison.Ordinal);
        Assert.Contains("<progress", html, StringComparison.Ordinal);
        var documentPath = $"/staff/partners/{partnerId}/references/ref-1/documents/0123456789abcdef0123456789abcdef";
        Assert.Contains(documentPath, html, StringComparison.Ordinal);

        using var document = await browser.Http.GetAsync(documentPath);
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/pdf", document.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("inline", document.Content.Headers.ContentDisposition?.ToString() ?? document.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", document.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("default-src 'none'", document.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("%PDF-1.4 test document", await document.Content.ReadAsStringAsync());
        using var other = await browser.Http.GetAsync($"/staff/partners/{partnerId}/references/ref-1/documents/ffffffffffffffffffffffffffffffff");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Show_UnknownPartner_Returns404Page()
    {
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync("/staff/partners/nobody-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueCredential_ShowsTheKeyOnceAndItWorksUntilRevoked()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        var (_, before) = await browser.GetAsync("/staff/partners/" + partnerId);
        Assert.Contains("No credential issued.", before, StringComparison.Ordinal);

        var (issued, html) = await browser.PostAsync($"/staff/partners/{partnerId}/credentials", browser.Token, ("label", "ERP integration"));

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
        var key = KeyField().Match(html).Groups["key"].Value;
        Assert.StartsWith("pf_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await ApiStatusAsync(partnerId, key));
        var (_, again) = await browser.GetAsync("/staff/partners/" + partnerId);
        Assert.DoesNotContain(key, again, StringComparison.Ordinal);
        Assert.Contains("ERP integration", again, StringComparison.Ordinal);

        var credentialId = key[3..27];
        var (revoked, _) = await browser.PostAsync($"/staff/partners/{partnerId}/credentials/{credentialId}/revoke", browser.Token);

        Assert.Equal(HttpStatusCode.SeeOther, revoked.StatusCode);
        Assert.Equal($"/staff/partners/{partnerId}?revoked={credentialId}", revoked.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await ApiStatusAsync(partnerId, key));
        var (_, after) = await browser.GetAsync($"/staff/partners/{partnerId}?revoked={credentialId}");
        Assert.Contains("Revoked", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueCredential_LabelTooLongOrUnknownCredential_Returns400AndChangesNothing()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/partners/" + partnerId);

        var (tooLong, html) = await browser.PostAsync($"/staff/partners/{partnerId}/credentials", browser.Token, ("label", new string('x', 101)));
        var (unknown, unknownHtml) = await browser.PostAsync($"/staff/partners/{partnerId}/credentials/0123456789abcdef01234567/revoke", browser.Token);

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("id=\"label-error\">Label: at most 100 characters.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("pf_", html, StringComparison.Ordinal);
        Assert.Contains("No credential issued.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no such credential", unknownHtml, StringComparison.Ordinal);
        var credentials = await Host.Services.GetRequiredService<IPartnerCredentialRepository>().ListAsync(partnerId);
        Assert.Empty(credentials);
    }

    [Fact]
    public async Task Show_NameWithScript_RendersItAsText()
    {
        var (partnerId, _) = await PageClient.NewPartnerWithKeyAsync(Host, "<script>alert(1)</script> & Co");
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync("/staff/partners/" + partnerId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html, StringComparison.Ordinal);
    }

    private async Task<HttpStatusCode> ApiStatusAsync(string partnerId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/partners/{partnerId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("id=\"issued-key\" readonly value=\"(?<key>pf_[0-9a-f_]+)\"")]
    private static partial Regex KeyField();
}
