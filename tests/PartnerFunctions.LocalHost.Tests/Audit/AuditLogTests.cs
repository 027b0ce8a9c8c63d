using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Pages;

namespace PartnerFunctions.LocalHost.Tests.Audit;

/// <summary>The audit log on a real local host over Azurite: what the writes leave, the staff page and CSV, and who may read them.</summary>
public sealed class AuditLogTests : LocalHostPageTest
{
    private static readonly object Person = new { name = "Inès d'Arc", employedFrom = "2020-01-01", accreditations = Array.Empty<object>() };

    [Fact]
    public async Task PutPerson_CreatedChangedThenRefused_TwoLinesByThePartnerWithBeforeAndAfterAndNoneForTheRefusal()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        using var partner = PartnerClient(key);

        using var created = await partner.PutAsJsonAsync($"/api/partners/{partnerId}/people/p1", Person);
        using var changed = await partner.PutAsJsonAsync($"/api/partners/{partnerId}/people/p1", new { name = "Inès Martin", employedFrom = "2020-01-01", accreditations = Array.Empty<object>() });
        using var refused = await partner.PutAsJsonAsync($"/api/partners/{partnerId}/people/p1", new { name = "", employedFrom = "2020-01-01", accreditations = Array.Empty<object>() });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (created.StatusCode, changed.StatusCode, refused.StatusCode));

        var lines = await LinesAsync($"/api/staff/audit/partners/{partnerId}");
        var people = lines.Where(l => l.GetProperty("action").GetString() == "PutPerson").ToArray();
        Assert.Equal(2, people.Length);
        var (newest, oldest) = (people[0], people[1]);
        Assert.Equal("partner:" + partnerId, oldest.GetProperty("actor").GetString());
        Assert.Equal("person p1", oldest.GetProperty("subject").GetString());
        Assert.False(oldest.TryGetProperty("before", out _));
        Assert.Contains("Inès d'Arc", oldest.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Contains("Inès d'Arc", newest.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("Inès Martin", newest.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Equal(200, newest.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(newest.GetProperty("requestId").GetString()));

        // The staff calls that registered the partner and issued its key are there too, by staff.
        Assert.Contains(lines, l => l.GetProperty("action").GetString() == "IssuePartnerCredential" && l.GetProperty("actor").GetString() == "staff:local-staff");
    }

    [Fact]
    public async Task SavePersonPage_ByThePartnerSession_IsListedOnTheStaffPageOfTheDayAndPartnerAndInTheCsv()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        using (var partnerBrowser = new PageClient(Host))
        {
            await partnerBrowser.SignInPartnerAsync(partnerId, key);
            await partnerBrowser.GetAsync($"/partner/{partnerId}/evidence");
            var (saved, _) = await partnerBrowser.PostAsync(
                $"/partner/{partnerId}/evidence/people",
                partnerBrowser.Token,
                ("id", "p9"), ("name", "<script>alert(1)</script>"), ("employedFrom", "2024-03-01"), ("employedTo", ""),
                ("accreditations[0].competencyId", ""), ("accreditations[0].completedOn", ""), ("accreditations[0].expiresOn", ""));
            Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);

            var (refusedPage, _) = await partnerBrowser.GetAsync("/staff/audit");
            Assert.Equal(HttpStatusCode.Forbidden, refusedPage.StatusCode);
        }

        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();
        var (partnerPage, partnerHtml) = await staff.GetAsync("/staff/audit?partner=" + partnerId);
        var (dayPage, dayHtml) = await staff.GetAsync("/staff/audit");
        var (csv, csvText) = await staff.GetAsync($"/staff/audit/partners/{partnerId}/csv");
        var (badDay, _) = await staff.GetAsync("/staff/audit?day=2026-13-01");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest), (partnerPage.StatusCode, dayPage.StatusCode, csv.StatusCode, badDay.StatusCode));
        foreach (var html in new[] { partnerHtml, dayHtml })
        {
            Assert.Contains("SavePartnerPersonPage · person p9", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
            Assert.Contains("partner:" + partnerId, html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        }

        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var row = csvText.Split("\r\n").Single(l => l.Contains("SavePartnerPersonPage", StringComparison.Ordinal));
        Assert.Contains("partner:" + partnerId, row, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditApi_PartnerKeyBadDayAndNoWriteMethod_403400And405()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        using var partner = PartnerClient(key);

        using var asPartner = await partner.GetAsync($"/api/staff/audit/partners/{partnerId}");
        using var badDay = await Host.Http.GetAsync("/api/staff/audit/days/04-12-2026");
        using var delete = await Host.Http.DeleteAsync($"/api/staff/audit/partners/{partnerId}");
        using var put = await Host.Http.PutAsJsonAsync($"/api/staff/audit/partners/{partnerId}", new { });

        Assert.Equal(HttpStatusCode.Forbidden, asPartner.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDay.StatusCode);
        Assert.Contains("\"day\"", await badDay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.MethodNotAllowed, HttpStatusCode.MethodNotAllowed), (delete.StatusCode, put.StatusCode));
        Assert.NotEmpty(await LinesAsync($"/api/staff/audit/partners/{partnerId}"));
    }

    [Fact]
    public async Task ImportRevenue_FileForTwoPartnersThenAgain_OneLineForTheFileAndOneInEachPartnersLogAndNoneForTheRepeat()
    {
        var first = await LocalHostContract.NewPartnerAsync(Host);
        var second = await LocalHostContract.NewPartnerAsync(Host);
        var csv = $"partnerId,competencyId,period,amount,currency,source,lineReference\n{first},encryption,2026-07,100,EUR,distrib-a,INV-1\n{first},encryption,2026-08,200,EUR,distrib-a,INV-2\n{second},encryption,2026-07,300,EUR,distrib-a,INV-3\n";

        for (var i = 0; i < 2; i++)
        {
            using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
            using var imported = await Host.Http.PostAsync("/api/staff/imports/revenue", content);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var firstLines = (await LinesAsync($"/api/staff/audit/partners/{first}")).Where(l => l.GetProperty("action").GetString() == "ImportRevenue").ToArray();
        var secondLines = (await LinesAsync($"/api/staff/audit/partners/{second}")).Where(l => l.GetProperty("action").GetString() == "ImportRevenue").ToArray();
        Assert.Contains("\"lines\":2", Assert.Single(firstLines).GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"lines\":1", Assert.Single(secondLines).GetProperty("after").GetString(), StringComparison.Ordinal);
        var day = (await LinesAsync("/api/staff/audit/days/" + DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "?pageSize=500"))
            .Where(l => l.GetProperty("action").GetString() == "ImportRevenue").ToArray();
        Assert.Equal(3, day.Length);
        Assert.Single(day, l => !l.TryGetProperty("partnerId", out _) && l.GetProperty("after").GetString()!.Contains("\"partners\":2", StringComparison.Ordinal));
    }

    private HttpClient PartnerClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<JsonElement[]> LinesAsync(string path)
    {
        using var response = await Host.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToArray();
    }
}
