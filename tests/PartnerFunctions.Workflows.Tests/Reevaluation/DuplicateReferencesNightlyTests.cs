using Microsoft.DurableTask.Client;
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

/// <summary>The nightly on the real engine lists a customer reference two partners claim; staff resolve it for one of them.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class DuplicateReferencesNightlyTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Nightly_TwoPartnersClaimTheSameCustomer_ListedOnceThenResolvedTheOtherCopyIsRejected()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await SeedAsync(host, "dup-a", "Mairie de Lorient");
        await SeedAsync(host, "dup-b", "MAIRIE DE LORIENT.");
        await SeedAsync(host, "dup-c", "Mairie de Vannes");

        var start = await host.GetRequiredService<ReevaluationStarter>().StartAsync(host.Client, today, "tests");
        var done = await host.WaitForCompletionAsync(start.InstanceId, TimeSpan.FromMinutes(3));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, done.ReadOutputAs<ReevaluationSummary>()!.DuplicateReferences);

        var duplicates = host.GetRequiredService<DuplicateReferences>();
        var listed = Assert.Single((await duplicates.LatestAsync(CancellationToken.None)).Duplicates);
        Assert.Equal(["dup-a", "dup-b"], listed.Claims.Select(c => c.Claim.PartnerId));
        Assert.False(listed.Resolved);

        Assert.Equal(DuplicateResolution.NotAClaimant, await duplicates.ResolveAsync(listed.Key, "dup-c", "staff-a", CancellationToken.None));
        Assert.Equal(DuplicateResolution.Resolved, await duplicates.ResolveAsync(listed.Key, "dup-b", "staff-a", CancellationToken.None));

        var partners = host.GetRequiredService<IPartnerRepository>();
        var lost = (await partners.GetReferenceAsync("dup-a", "dup-a-ref1"))!;
        var kept = (await partners.GetReferenceAsync("dup-b", "dup-b-ref1"))!;
        Assert.Equal((ReferenceState.Rejected, ReferenceState.Approved), (lost.Reference.State, kept.Reference.State));
        Assert.Contains("kept by partner dup-b", lost.History[^1].Note, StringComparison.Ordinal);
        Assert.True(Assert.Single((await duplicates.LatestAsync(CancellationToken.None)).Duplicates).Resolved);
    }

    private static Task<PartnerEvidence> SeedAsync(WorkflowTestHost host, string partnerId, string customer)
    {
        var evidence = new PartnerEvidenceBuilder(partnerId).WithReference("endpoint-security-ent", Market.Enterprise, ReferenceState.Approved, out var referenceId).Build();
        var renamed = evidence with { References = [evidence.References.Single() with { CustomerName = customer }] };
        Assert.Equal(partnerId + "-ref1", referenceId);
        return host.SeedPartnerAsync(renamed).ContinueWith(_ => renamed, TaskScheduler.Default);
    }
}
