using System.Text.Json;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.EndToEnd.Tests.Support;

namespace PartnerFunctions.EndToEnd.Tests;

/// <summary>The program-wide migration started over HTTP; its report checked against the domain's MigrationMapper.</summary>
[Collection(SharedHostGroup.Name)]
public sealed class MigrationTests(SharedHostFixture fixture)
{
    [Fact]
    public async Task StartMigration_SeededPartners_ReportFiguresMatchMigrationMapper()
    {
        var host = fixture.Host;
        var api = host.Api;
        var partners = host.GetRequiredService<IPartnerRepository>();
        await Scenario.SeedDemoPartnersAsync(partners, fixture.Definition, 60, "mg" + Guid.NewGuid().ToString("N")[..6] + "-", seed: 11);

        // Expected: every stored partner (the run scans them all) previewed by the domain alone.
        var stored = await Scenario.ReadAllPartnersAsync(partners);
        var previews = stored.Select(s => (Preview: MigrationMapper.Preview(fixture.Definition, s.Evidence), Held: s.Profile.Status.TierState.Current)).ToArray();

        var started = (await api.PostAsync("api/staff/migrations", new { sendEmails = false })).Expect(202).JsonBody;
        var instanceId = Scenario.Str(started, "instanceId")!;
        var run = await Scenario.WaitForRunAsync(api, "migration", instanceId, TimeSpan.FromSeconds(120));
        Assert.Equal("completed", Scenario.Str(run, "status"), ignoreCase: true);

        var summary = (await api.GetAsync($"api/staff/runs/migration/{instanceId}/reports/summary.json")).Expect(200).JsonBody;
        Assert.Equal(stored.Count, summary.GetProperty("partners").GetInt32());
        Assert.Equal(previews.Count(p => p.Preview.Outcome == MigrationOutcome.Keep), summary.GetProperty("keep").GetInt32());
        Assert.Equal(previews.Count(p => p.Preview.Outcome == MigrationOutcome.Gain), summary.GetProperty("gain").GetInt32());
        Assert.Equal(previews.Count(p => p.Preview.Outcome == MigrationOutcome.Lose), summary.GetProperty("lose").GetInt32());
        Assert.Equal(previews.Count(p => p.Preview.Migrates), summary.GetProperty("migrates").GetInt32());
        Assert.Equal(decimal.Round((decimal)previews.Count(p => p.Preview.Migrates) / stored.Count, 4), summary.GetProperty("migratingShare").GetDecimal());
        Assert.Equal(
            previews.Count(p => p.Preview.Notes.Any(n => n.Kind == MigrationNoteKind.RetiredSpecialization)),
            summary.GetProperty("withRetiredSpecializations").GetInt32());
        foreach (var tier in Enum.GetValues<Tier>())
        {
            Assert.Equal(previews.Count(p => p.Preview.LegacyTier == tier), Count(summary, "perLegacyTier", tier.ToString()));
            Assert.Equal(previews.Count(p => p.Held == tier), Count(summary, "perHeldTier", tier.ToString()));
            Assert.Equal(previews.Count(p => p.Preview.ProposedTier == tier), Count(summary, "perProposedTier", tier.ToString()));
        }

        foreach (var legacy in previews.SelectMany(p => p.Preview.LegacySpecializations.Distinct(StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            Assert.Equal(previews.Count(p => p.Preview.LegacySpecializations.Contains(legacy, StringComparer.Ordinal)), Count(summary, "perLegacySpecialization", legacy));
        }

        // flows.json: the same flows, ended specializations and losers as the domain gives for all partners at once.
        var flows = JsonSerializer.Deserialize<MigrationFlows>((await api.GetAsync($"api/staff/runs/migration/{instanceId}/reports/flows.json")).Expect(200).Body, FlowsJson)!;
        var expected = MigrationFlows.Of(previews.Select(p => p.Preview));
        Assert.NotEmpty(expected.Flows);
        Assert.Equal(expected.Flows, flows.Flows);
        Assert.Equal(expected.Ended, flows.Ended);
        Assert.Equal(expected.Losers, flows.Losers);

        // One report line per partner.
        var csv = (await api.GetAsync($"api/staff/runs/migration/{instanceId}/reports/migration.csv")).Expect(200).Body;
        Assert.Equal(stored.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length);
    }

    private static readonly JsonSerializerOptions FlowsJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private static int Count(JsonElement summary, string map, string key)
    {
        foreach (var entry in summary.GetProperty(map).EnumerateObject())
        {
            if (string.Equals(entry.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value.GetInt32();
            }
        }

        return 0;
    }
}
