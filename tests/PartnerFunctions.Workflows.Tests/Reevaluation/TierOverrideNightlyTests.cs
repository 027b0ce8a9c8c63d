using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Reevaluation;

/// <summary>The nightly on the real engine with tier overrides: one in force holds the tier, one that ended lets the evidence decide with the usual grace.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class TierOverrideNightlyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Nightly_OverrideInForceAndOverrideEnded_FirstKeepsPlatinumWithoutGraceSecondOpensGraceAndIsCleared()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        var definition = await host.SeedDefinitionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var kept = await SeedOverriddenAsync(host, "ovr-kept", today.AddDays(5));
        var ended = await SeedOverriddenAsync(host, "ovr-ended", today.AddDays(-1));

        var start = await host.GetRequiredService<ReevaluationStarter>().StartAsync(host.Client, today, "tests");
        var done = await host.WaitForCompletionAsync(start.InstanceId, TimeSpan.FromMinutes(3));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        var profiles = await host.GetRequiredService<IPartnerRepository>().GetProfilesAsync([kept.Partner.Id, ended.Partner.Id]);
        var keptStatus = profiles[kept.Partner.Id].Status;
        Assert.Equal(TierState.Holding(Tier.Platinum), keptStatus.TierState);
        Assert.Equal(today.AddDays(5), keptStatus.Override?.EndsOn);
        Assert.Empty(host.Emails.To(kept.Partner.Email));

        var endedStatus = profiles[ended.Partner.Id].Status;
        Assert.Null(endedStatus.Override);
        Assert.Equal(new TierState(Tier.Platinum, Tier.Registered, today.AddDays(definition.Downgrade.GracePeriodDays), false), endedStatus.TierState);
        Assert.Single(host.Emails.To(ended.Partner.Email));
    }

    // A partner without evidence whose stored status holds Platinum by an approved override ending on endsOn.
    private static async Task<Domain.Evidence.PartnerEvidence> SeedOverriddenAsync(WorkflowTestHost host, string partnerId, DateOnly endsOn)
    {
        var evidence = await host.SeedPartnerAsync(new PartnerEvidenceBuilder(partnerId).WithEmail(partnerId + "@example.com"));
        var partners = host.GetRequiredService<IPartnerRepository>();
        var profile = (await partners.GetProfileAsync(partnerId))!;
        var approvedAt = DateTimeOffset.UtcNow.AddDays(-10);
        var tierOverride = new TierOverride(Tier.Platinum, "Strategic account", endsOn, "staff-a", "staff-b", approvedAt, "ovr-test");
        var decision = new TierDecision("seed:" + partnerId, partnerId, DecisionKind.Override, approvedAt, "seed", Tier.Registered, Tier.Platinum, TierChangeKind.Overridden, "seeded", null, null, "staff-a + staff-b");
        await partners.RecordDecisionAsync(decision, new PartnerStatus(TierState.Holding(Tier.Platinum), new Dictionary<string, CompetencyLevel>(), null, null, null, tierOverride), profile.ETag);
        return evidence;
    }
}
