using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's duplicates page on a real local host: the nightly lists a shared reference; staff resolve it through the form; the audit log has it.</summary>
public sealed class DuplicatesPageTests : LocalHostPageTest
{
    [Fact]
    public async Task ResolveFromConsole_AfterTheNightly_KeepsItForTheChosenPartnerRejectsTheOtherAndIsAudited()
    {
        var partners = Host.Services.GetRequiredService<IPartnerRepository>();
        foreach (var (id, customer) in new[] { ("dp-1", "Clinique Sud <SAS>"), ("dp-2", "clinique sud") })
        {
            await partners.UpsertEvidenceAsync(
                new PartnerEvidence(new Partner(id, "Partner " + id, "FR", "fr", id + "@example.com", [], Tier.Registered), [], [], [new CustomerReference("r1", "endpoint-security-ent", customer, Market.Enterprise, ReferenceState.Approved, null)]),
                "test");
        }

        await RunNightlyAsync();

        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();
        var (page, html) = await staff.GetAsync("/staff/duplicates");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(WebUtility.HtmlDecode(html).Contains("Clinique Sud <SAS>", StringComparison.Ordinal), html[html.IndexOf("<main", StringComparison.Ordinal)..]);
        Assert.DoesNotContain("<SAS>", html, StringComparison.Ordinal);
        var key = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "name=\"key\" value=\"(?<key>[^\"]+)\"").Groups["key"].Value);
        Assert.Equal("endpoint-security-ent|clinique sud", key);

        var (resolved, _) = await staff.PostAsync("/staff/duplicates/resolve", staff.Token, ("key", key), ("keeper", "dp-2"));
        var (badKeeper, _) = await staff.PostAsync("/staff/duplicates/resolve", staff.Token, ("key", key), ("keeper", "nobody"));

        Assert.Equal((HttpStatusCode.SeeOther, HttpStatusCode.BadRequest), (resolved.StatusCode, badKeeper.StatusCode));
        Assert.Equal(ReferenceState.Rejected, (await partners.GetReferenceAsync("dp-1", "r1"))!.Reference.State);
        Assert.Equal(ReferenceState.Approved, (await partners.GetReferenceAsync("dp-2", "r1"))!.Reference.State);
        var audit = (await Host.Http.GetFromJsonAsync<JsonElement>("/api/staff/audit/partners/dp-2")).GetProperty("items");
        Assert.Contains(audit.EnumerateArray(), l => l.GetProperty("action").GetString() == "ResolveDuplicateFromConsole" && l.GetProperty("after").GetString()!.Contains("dp-1/r1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolvePersonFromConsole_AfterTheNightly_OtherCopyStopsCountingAndEachPartnerLogHasIt()
    {
        var partners = Host.Services.GetRequiredService<IPartnerRepository>();
        var from = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-1);
        foreach (var (id, email) in new[] { ("pp-1", "Camille@Example.fr"), ("pp-2", "camille@example.fr ") })
        {
            var camille = new Person("camille", "Camille <Martin>", from, null, [new Accreditation("endpoint-security-ent", from, null) { CertificateId = "ES-1" }]) { Email = email };
            await partners.UpsertEvidenceAsync(new PartnerEvidence(new Partner(id, "Partner " + id, "FR", "fr", id + "@example.com", [], Tier.Registered), [camille], [], []), "test");
        }

        await RunNightlyAsync();

        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();
        var (page, html) = await staff.GetAsync("/staff/duplicates");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h2>People</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Camille &lt;Martin&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<Martin>", html, StringComparison.Ordinal);
        Assert.Contains("name=\"kind\" value=\"person\"", html, StringComparison.Ordinal);

        using var badKind = await Host.Http.PostAsJsonAsync("/api/staff/duplicates/resolutions", new { key = "certificate|ES1", keeperPartnerId = "pp-1", kind = "people" });
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal("application/problem+json", badKind.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"kind\"", await badKind.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await partners.GetPersonAsync("pp-2", "camille"))!.DuplicateOf);

        var (resolved, _) = await staff.PostAsync("/staff/duplicates/resolve", staff.Token, ("kind", "person"), ("key", "certificate|ES1"), ("keeper", "pp-1"));
        Assert.Equal(HttpStatusCode.SeeOther, resolved.StatusCode);
        Assert.Equal("pp-1", (await partners.GetPersonAsync("pp-2", "camille"))!.DuplicateOf);
        Assert.Null((await partners.GetPersonAsync("pp-1", "camille"))!.DuplicateOf);

        var list = await Host.Http.GetFromJsonAsync<JsonElement>("/api/staff/duplicates");
        var person = Assert.Single(list.GetProperty("people").EnumerateArray());
        Assert.True(person.GetProperty("resolved").GetBoolean());
        foreach (var partner in new[] { "pp-1", "pp-2" })
        {
            var audit = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/audit/partners/{partner}")).GetProperty("items");
            Assert.Contains(audit.EnumerateArray(), l => l.GetProperty("action").GetString() == "ResolveDuplicateFromConsole");
        }
    }

    private async Task RunNightlyAsync()
    {
        using var start = await Host.Http.PostAsync("/api/staff/reevaluations", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        for (var until = DateTime.UtcNow.AddSeconds(90); ; await Task.Delay(250))
        {
            var run = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/runs/reevaluation/{runId}");
            if (run.GetProperty("status").GetString() is "Completed" or "completed")
            {
                break;
            }

            Assert.True(DateTime.UtcNow < until, "the nightly did not complete in 90 s");
        }
    }
}
