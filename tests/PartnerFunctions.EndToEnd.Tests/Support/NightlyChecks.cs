using System.Text.Json;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>Checks of a completed nightly re-evaluation against what the domain says it had to do.</summary>
public static class NightlyChecks
{
    /// <summary>What each stored partner must get from a nightly run evaluating on <paramref name="asOf"/>.</summary>
    public static async Task<IReadOnlyList<ExpectedNightly>> ExpectAsync(HostUnderTest host, ProgramDefinition definition, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(host);
        var stored = await Scenario.ReadAllPartnersAsync(host.GetRequiredService<IPartnerRepository>());
        return stored.Select(s => ExpectedNightly.For(definition, s, asOf)).ToArray();
    }

    /// <summary>
    /// The run's summary.json counts match <paramref name="expected"/>; every partner that had to get a decision has
    /// exactly one decision of this run and the others none; no email of the run was captured twice.
    /// </summary>
    public static async Task<JsonElement> VerifyAsync(HostUnderTest host, string runId, IReadOnlyList<ExpectedNightly> expected)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(expected);
        var summary = (await host.Api.GetAsync($"api/staff/runs/reevaluation/{runId}/reports/summary.json")).Expect(200).JsonBody;
        var counts = summary.GetProperty("counts");
        Assert.Equal(expected.Count, summary.GetProperty("partners").GetInt32());
        Assert.Equal(expected.Count, counts.GetProperty("evaluated").GetInt32());
        Assert.Equal(0, counts.GetProperty("failures").GetInt32());
        Assert.Equal(expected.Count(e => e.Change == TierChangeKind.Upgraded), counts.GetProperty("upgraded").GetInt32());
        Assert.Equal(expected.Count(e => e.Change == TierChangeKind.Downgraded), counts.GetProperty("downgraded").GetInt32());
        Assert.Equal(expected.Count(e => e.Change == TierChangeKind.GracePeriodStarted), counts.GetProperty("graceStarted").GetInt32());
        Assert.Equal(expected.Count(e => e.NeedsDecision), counts.GetProperty("decisionsWritten").GetInt32());

        // Decisions, read per partner: exactly one of this run where one was due, none elsewhere.
        var partners = host.GetRequiredService<IPartnerRepository>();
        var wrong = new List<string>();
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (e, ct) =>
        {
            var decisions = await partners.ListDecisionsAsync(e.PartnerId, 100, null, ct);
            var ofRun = decisions.Items.Count(d => d.RunId == runId);
            if (ofRun != (e.NeedsDecision ? 1 : 0))
            {
                lock (wrong)
                {
                    wrong.Add($"{e.PartnerId}: {ofRun} decision(s) of the run, expected {(e.NeedsDecision ? 1 : 0)}");
                }
            }
        });
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // Emails of the run (outbox key "{runId}|{step}|{recipient}"): as many as the run says it sent, none twice.
        var mails = (await CapturedMail.ListAsync(host.Api)).Where(m => m.IdempotencyKey?.StartsWith(runId + "|", StringComparison.Ordinal) == true).ToArray();
        var duplicates = mails.GroupBy(m => m.IdempotencyKey, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToArray();
        Assert.True(duplicates.Length == 0, "Emails captured more than once: " + string.Join(", ", duplicates));
        var perRecipient = mails.SelectMany(m => m.To).GroupBy(t => t, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(perRecipient.Length == 0, "Recipients emailed twice by the run: " + string.Join(", ", perRecipient));
        Assert.Equal(counts.GetProperty("emailsSent").GetInt32(), mails.Length);
        return summary;
    }
}
