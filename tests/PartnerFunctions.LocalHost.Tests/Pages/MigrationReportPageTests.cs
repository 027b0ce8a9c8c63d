using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's migration report page and the dashboard's keep/gain/lose, after a migration run on a real local host.</summary>
public sealed class MigrationReportPageTests : LocalHostPageTest
{
    [Fact]
    public async Task MigrationReport_AfterARun_ShowsOutcomeFlowsEndedSpecializationsAndLosers()
    {
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        var (before, beforeHtml) = await browser.GetAsync("/staff/migration");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("No migration run has written its report yet.", beforeHtml, StringComparison.Ordinal);

        // A Gold partner with no evidence loses its tier; a Registered one with a retired specialization keeps it.
        var loser = await PartnerAsync("Perte <b>SAS</b>", "gold", "tech-endpoint-security");
        var keeper = await PartnerAsync("Garde SARL", "registered", "market-public-sector");
        var runId = await RunMigrationAsync();

        var (response, html) = await browser.GetAsync("/staff/migration");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(runId, html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Keep their tier</td><td>1</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Lose their tier</td><td>1</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td>market-public-sector</td><td>Retired at rollout</td><td>1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>tech-endpoint-security</td>", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/staff/partners/{loser}\">Perte &lt;b&gt;SAS&lt;/b&gt; ({loser})</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"/staff/partners/{keeper}", html, StringComparison.Ordinal);
        Assert.Contains("Partners who lose status (1)", html, StringComparison.Ordinal);

        var (_, same) = await browser.GetAsync($"/staff/migration/{runId}");
        Assert.Contains("<tr><td>Lose their tier</td><td>1</td></tr>", same, StringComparison.Ordinal);
        var (_, dashboard) = await browser.GetAsync("/staff");
        Assert.Contains("Keep, gain or lose status in the new program", dashboard, StringComparison.Ordinal);
        Assert.Contains($"href=\"/staff/migration/{runId}\"", dashboard, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/staff/migration?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/staff/migration?page=x", HttpStatusCode.BadRequest)]
    [InlineData("/staff/migration/no-such-run", HttpStatusCode.NotFound)]
    public async Task MigrationReport_BadPageOrUnknownRun_RefusedWithAPage(string path, HttpStatusCode expected)
    {
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(expected == HttpStatusCode.BadRequest ? "page: a whole number from 1." : "There is no such page.", html, StringComparison.Ordinal);
    }

    private async Task<string> RunMigrationAsync()
    {
        using var start = await Host.Http.PostAsJsonAsync("/api/staff/migrations", new { sendEmails = false });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var run = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/runs/migration/{runId}");
            if (run.GetProperty("status").GetString() is "Completed" or "completed")
            {
                return runId;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The migration run did not complete in 90 s.");
    }

    private async Task<string> PartnerAsync(string name, string legacyTier, string legacy)
    {
        var id = "m-" + Guid.NewGuid().ToString("N")[..10];
        using var response = await Host.Http.PutAsJsonAsync($"/api/partners/{id}", new { name, country = "FR", language = "fr", email = "contact@m.example", legacySpecializations = new[] { legacy }, legacyTier });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }
}
