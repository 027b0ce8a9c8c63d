using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The console's program definition pages on a real local host: versions, diff, validation, storing, activation.</summary>
public sealed class DefinitionPagesTests() : LocalHostPageTest("memory")
{
    private const string V1 = "partner-program-2026@v1";
    private const string V2 = "partner-program-2026@v2";
    private IProgramDefinitionRepository Definitions => Host.Services.GetRequiredService<IProgramDefinitionRepository>();

    [Fact]
    public async Task ShowDefinitions_TwoVersions_ListsBothAndMarksTheActiveOne()
    {
        await StoreAsync(Candidate(2));
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync("/staff/definitions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<code>{V2}</code>", html, StringComparison.Ordinal);
        Assert.Contains($"Active: {V1}", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<strong class=\"state-ok\">Active</strong>"));
        Assert.Contains($"aria-label=\"Activate {V2}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"aria-label=\"Activate {V1}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowDefinitionDiff_TwoVersions_ShowsEachChangedThresholdOldToNew()
    {
        await StoreAsync(Candidate(2));
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();

        var (response, html) = await browser.GetAsync($"/staff/definitions/diff?from={V1}&to={V2}");
        var (missing, _) = await browser.GetAsync($"/staff/definitions/diff?from={V1}&to=partner-program-2026@v9");
        var (bad, _) = await browser.GetAsync("/staff/definitions/diff?from=nonsense");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("<td>Silver</td><td>Total revenue (12 months)</td><td class=\"old\">100,000 EUR</td><td class=\"new\">150,000 EUR</td>", text, StringComparison.Ordinal);
        Assert.Contains("<td class=\"old\">2</td>", text, StringComparison.Ordinal);
        Assert.Contains("<td class=\"new\">1</td>", text, StringComparison.Ordinal);
        Assert.Contains("13 changes.", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task UploadDefinition_InvalidCandidate_Returns400WithEveryErrorAtItsJsonPathAndStoresNothing()
    {
        var json = JsonNode.Parse(Candidate(2))!;
        json["tiers"]![0]!["minRevenue"] = -1;
        json["competencies"]![1]!["levels"]!["expert"]!["minAccreditedPeople"] = 0;
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/definitions");

        var (response, html) = await browser.PostAsync("/staff/definitions/upload", browser.Token, ("json", json.ToJsonString()), ("action", "store"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<code>tiers[0].minRevenue</code>", html, StringComparison.Ordinal);
        Assert.Contains("<code>competencies[1].levels.expert.minAccreditedPeople</code>", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Single(await Definitions.ListVersionsAsync());
    }

    [Fact]
    public async Task UploadDefinition_ValidateThenStore_ValidatesWithoutWritingThenStoresANewVersion()
    {
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        await browser.GetAsync("/staff/definitions");

        var (validated, validatedHtml) = await browser.PostAsync("/staff/definitions/upload", browser.Token, ("json", Candidate(2)), ("action", "validate"));
        var countAfterValidate = (await Definitions.ListVersionsAsync()).Count;
        var (stored, _) = await browser.PostAsync("/staff/definitions/upload", browser.Token, ("json", Candidate(2)), ("action", "store"));
        var (again, _) = await browser.PostAsync("/staff/definitions/upload", browser.Token, ("json", Candidate(2)), ("action", "store"));
        var (taken, takenHtml) = await browser.PostAsync("/staff/definitions/upload", browser.Token, ("json", Candidate(2, silver: 170000)), ("action", "store"));

        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Contains($"{V2} is valid (12 competencies). Nothing was stored.", validatedHtml, StringComparison.Ordinal);
        Assert.Equal(1, countAfterValidate);
        Assert.Equal(HttpStatusCode.SeeOther, stored.StatusCode);
        Assert.Equal("/staff/definitions?stored=" + Uri.EscapeDataString(V2), stored.Headers.Location?.OriginalString);
        Assert.EndsWith("&already=1", again.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("stored already with a different content", takenHtml, StringComparison.Ordinal);
        Assert.Equal(2, (await Definitions.ListVersionsAsync()).Count);
        Assert.Equal(V1, (await Definitions.GetActiveAsync())!.Stored.Definition.VersionTag);
    }

    [Fact]
    public async Task ActivateDefinition_PageShownBeforeAnotherActivation_Returns409MessageAndActivatesNothing()
    {
        await StoreAsync(Candidate(2));
        await StoreAsync(Candidate(3));
        using var browser = new PageClient(Host);
        await browser.SignInStaffAsync();
        var (_, page) = await browser.GetAsync("/staff/definitions");
        var shownETag = (await Definitions.GetActiveAsync())!.PointerETag;
        Assert.Contains("value=\"" + shownETag + "\"", WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        // Someone else activates v2 (through the API) after this page was shown.
        using var other = await Host.Http.PostAsync("/api/staff/definitions/partner-program-2026/versions/2/activate", null);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var (response, html) = await browser.PostAsync("/staff/definitions/activate", browser.Token, ("id", "partner-program-2026"), ("version", "3"), ("etag", shownETag));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The active version changed since this page was shown", html, StringComparison.Ordinal);
        Assert.Contains("Active: " + V2, html, StringComparison.Ordinal);
        Assert.Equal(V2, (await Definitions.GetActiveAsync())!.Stored.Definition.VersionTag);

        // With the page read again, the same activation goes through.
        var fresh = (await Definitions.GetActiveAsync())!.PointerETag;
        var (activated, _) = await browser.PostAsync("/staff/definitions/activate", browser.Token, ("id", "partner-program-2026"), ("version", "3"), ("etag", fresh));
        Assert.Equal(HttpStatusCode.SeeOther, activated.StatusCode);
        Assert.Equal("partner-program-2026@v3", (await Definitions.GetActiveAsync())!.Stored.Definition.VersionTag);
    }

    /// <summary>The default definition as <paramref name="version"/>: Silver needs more revenue, Principal one person fewer.</summary>
    internal static string Candidate(int version, int silver = 150000)
    {
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["version"] = version;
        json["description"] = $"Candidate {version}";
        json["tiers"]![0]!["minRevenue"] = silver;
        foreach (var competency in json["competencies"]!.AsArray())
        {
            competency!["levels"]!["principal"]!["minAccreditedPeople"] = 1;
        }

        return json.ToJsonString();
    }

    private async Task StoreAsync(string json) =>
        await Definitions.StoreVersionAsync(ProgramDefinitionLoader.LoadOrThrow(json), "test", DateTimeOffset.UtcNow);
}
