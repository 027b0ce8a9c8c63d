using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Certification;

/// <summary>
/// The start's pre-check on the real engine: out of Principal's reach the API answers 422 listing what is missing and
/// nothing reaches the engine, program staff or the outbox; one accredited person more and the same partner starts.
/// </summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class CertificationPrecheckWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Start_OnePersonShortOfPrincipal_Returns422ListingItAndRequestsNoApprovalThenStartsOnceThePersonIsAdded()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        var oneShort = new PartnerEvidenceBuilder("p-short")
            .WithAccreditedPeople(CompetencyId, 1)
            .WithRevenue(CompetencyId, 120_000m)
            .WithReference(CompetencyId, Market.Midmarket, ReferenceState.Submitted, out var referenceId);
        await host.SeedPartnerAsync(oneShort);

        var refused = await StartAsync(host, "p-short");

        Assert.Equal(422, refused.Status);
        var missing = Assert.Single(refused.Json.GetProperty("missing").EnumerateArray());
        Assert.Equal(("accreditedPeople", 2m, 1m, 1m), (missing.GetProperty("clause").GetString(), missing.GetProperty("required").GetDecimal(), missing.GetProperty("actual").GetDecimal(), missing.GetProperty("shortfall").GetDecimal()));
        Assert.Equal(CompetencyId, refused.Json.GetProperty("competencyId").GetString());
        Assert.Null(await host.Client.GetInstanceAsync(CertificationRules.InstanceIdFor("p-short", CompetencyId)));
        Assert.Empty(await host.GetRequiredService<IApprovalRepository>().ListAsync(ApprovalStatus.Pending, 100));
        Assert.Empty(host.Emails.To(WorkflowTestHost.StaffApprover));
        Assert.Equal(ReferenceState.Submitted, (await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync("p-short", referenceId))!.Reference.State);

        await host.SeedPartnerAsync(QualifyingPartner("p-short", out _));
        Assert.Equal(202, (await StartAsync(host, "p-short")).Status);
    }
}
