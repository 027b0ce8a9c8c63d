using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// The legacy program's parallel run on a real local host (default definition, effective 2026-10-01, 12 months): the
/// legacy status is in the evaluation and on both partner pages, and from the effective date it no longer changes.
/// </summary>
public sealed class LegacyParallelRunTests : LocalHostPageTest
{
    private static readonly ProgramDefinition Definition = ProgramDefinitionLoader.LoadDefault();

    private static LegacyPhase Phase => LegacyParallelRun.Of(Definition, new("x", "x", "FR", "fr", "x@example.com", [], Tier.Silver), DateOnly.FromDateTime(DateTime.UtcNow)).Phase;

    [Fact]
    public async Task PutPartner_LegacyTierChangedAfterTheEffectiveDate_400NamingItAndNothingChanged()
    {
        Assert.True(DateOnly.FromDateTime(DateTime.UtcNow) >= Definition.EffectiveDate, "this test runs after the default definition's effective date");
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var body = new StringContent("""{"name":"Acme renamed","country":"FR","language":"fr","email":"contact@acme.example","legacySpecializations":["tech-endpoint-security"],"legacyTier":"platinum"}""", Encoding.UTF8, "application/json");
        using var refused = await Host.Http.PutAsync($"/api/partners/{partnerId}", body);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("\"legacyTier\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"legacySpecializations\"", problem, StringComparison.Ordinal);
        var partner = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}");
        Assert.Equal(("Acme", "silver"), (partner.GetProperty("name").GetString(), partner.GetProperty("legacyTier").GetString()));

        // The other details still change when the legacy ones are sent as stored.
        using var same = new StringContent("""{"name":"Acme renamed","country":"FR","language":"fr","email":"contact@acme.example","legacySpecializations":[],"legacyTier":"silver"}""", Encoding.UTF8, "application/json");
        using var accepted = await Host.Http.PutAsync($"/api/partners/{partnerId}", same);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task EvaluationAndPages_DuringTheRun_ShowTheLegacyStatusBesideTheNewOne()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        var evaluation = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}/evaluation");
        var legacy = evaluation.GetProperty("legacy");
        Assert.Equal(("silver", JsonNamingPhase(Phase), "2027-09-30"), (legacy.GetProperty("tier").GetString(), legacy.GetProperty("phase").GetString(), legacy.GetProperty("readableUntil").GetString()));

        using var partner = new PageClient(Host);
        await partner.SignInPartnerAsync(partnerId, key);
        var (_, own) = await partner.GetAsync("/partner/" + partnerId);
        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();
        var (_, console) = await staff.GetAsync("/staff/partners/" + partnerId);

        var ownText = WebUtility.HtmlDecode(own);
        var consoleText = WebUtility.HtmlDecode(console);
        Assert.Contains("Ancien programme", ownText, StringComparison.Ordinal);
        Assert.Contains("Legacy program", consoleText, StringComparison.Ordinal);
        if (Phase == LegacyPhase.ParallelRun)
        {
            Assert.Contains($"ce statut reste consultable jusqu'au {ProgramText.Day(new DateOnly(2027, 9, 30), "fr")}, puis il est archivé", ownText, StringComparison.Ordinal);
            Assert.Contains("this legacy status stays readable until", consoleText, StringComparison.Ordinal);
        }
    }

    private static string JsonNamingPhase(LegacyPhase phase) => phase switch
    {
        LegacyPhase.Current => "current",
        LegacyPhase.ParallelRun => "parallelRun",
        _ => "archived",
    };
}
