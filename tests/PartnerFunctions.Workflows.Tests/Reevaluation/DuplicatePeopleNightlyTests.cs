using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Duplicates;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Reevaluation;

/// <summary>The nightly on the real engine lists a person two partners count at once; staff give the person to one of them.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class DuplicatePeopleNightlyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Competency = "endpoint-security-ent";

    [Fact]
    public async Task Nightly_TwoPartnersCountTheSamePerson_ListedThenResolvedTheOtherCopyStopsCounting()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SeedAsync(host, "pdup-a", new Person("camille", "Camille Martin", today.AddYears(-2), null, [Accredited(today)]) { Email = "Camille.Martin@Example.fr" });
        await SeedAsync(host, "pdup-b", new Person("c-martin", "C. Martin", today.AddYears(-1), null, [Accredited(today) with { CertificateId = "ES-0042" }]) { Email = " camille.martin@example.fr" });
        // The same email, but gone the day before the others started: a former employee, not a duplicate.
        await SeedAsync(host, "pdup-c", new Person("cm", "Camille M.", today.AddYears(-5), today.AddYears(-2).AddDays(-1), [Accredited(today.AddYears(-3))]) { Email = "camille.martin@example.fr" });
        await SeedAsync(host, "pdup-d", new Person("other", "Other", today.AddYears(-1), null, [Accredited(today) with { CertificateId = "ES-0043" }]));

        var summary = await RunNightlyAsync(host, today);
        Assert.Equal(1, summary.DuplicatePeople);
        Assert.Equal(0, summary.DuplicateReferences);

        var list = await host.GetRequiredService<DuplicateReferences>().LatestAsync(CancellationToken.None);
        var listed = Assert.Single(list.People);
        Assert.Empty(list.Duplicates);
        Assert.Equal("email|camille.martin@example.fr", listed.Key);
        Assert.Equal(["pdup-a/camille", "pdup-b/c-martin"], listed.Claims.Select(c => c.Claim.PartnerId + "/" + c.Claim.PersonId));
        Assert.False(listed.Resolved);

        var people = host.GetRequiredService<DuplicatePeople>();
        Assert.Equal(DuplicateResolution.NotAClaimant, await people.ResolveAsync(listed.Key, "pdup-c", "staff-a", CancellationToken.None));
        Assert.Equal(DuplicateResolution.UnknownDuplicate, await people.ResolveAsync("email|nobody@example.fr", "pdup-b", "staff-a", CancellationToken.None));
        Assert.Equal(DuplicateResolution.Resolved, await people.ResolveAsync(listed.Key, "pdup-b", "staff-a", CancellationToken.None));

        var partners = host.GetRequiredService<IPartnerRepository>();
        Assert.Equal("pdup-b", (await partners.GetPersonAsync("pdup-a", "camille"))!.DuplicateOf);
        Assert.Null((await partners.GetPersonAsync("pdup-b", "c-martin"))!.DuplicateOf);
        Assert.True(Assert.Single((await host.GetRequiredService<DuplicateReferences>().LatestAsync(CancellationToken.None)).People).Resolved);

        // The loser's person stays listed but counts no more; the keeper's still counts.
        var definition = ProgramDefinitionLoader.LoadDefault();
        var lost = (await partners.GetSnapshotAsync("pdup-a"))!.Evidence;
        var kept = (await partners.GetSnapshotAsync("pdup-b"))!.Evidence;
        Assert.Single(lost.People);
        Assert.Equal(0, PartnerEvaluator.Evaluate(definition, lost, today).StandingOf(Competency).AccreditedPeople);
        Assert.Equal(1, PartnerEvaluator.Evaluate(definition, kept, today).StandingOf(Competency).AccreditedPeople);

        // The next nightly: an excluded copy claims nothing, so the person is no longer listed.
        Assert.Equal(0, (await RunNightlyAsync(host, today.AddDays(1))).DuplicatePeople);
    }

    private static Accreditation Accredited(DateOnly today) => new(Competency, today.AddMonths(-1), null);

    private static async Task<ReevaluationSummary> RunNightlyAsync(WorkflowTestHost host, DateOnly day)
    {
        var start = await host.GetRequiredService<ReevaluationStarter>().StartAsync(host.Client, day, "tests");
        var done = await host.WaitForCompletionAsync(start.InstanceId, TimeSpan.FromMinutes(3));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<ReevaluationSummary>()!;
    }

    private static Task SeedAsync(WorkflowTestHost host, string partnerId, Person person)
    {
        var evidence = new PartnerEvidenceBuilder(partnerId).Build();
        return host.SeedPartnerAsync(evidence with { People = [person] });
    }
}
