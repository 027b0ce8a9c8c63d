using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Certification;

/// <summary>With <c>Workflows:StaffLanguage</c> = fr, the reference approval request reaches program staff in French, on the real engine.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class StaffLanguageWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ApprovalRequest_StaffLanguageFrench_IsWrittenInFrench()
    {
        var options = new WorkflowTestHostOptions { Output = output };
        options.Settings["Workflows:StaffLanguage"] = "fr";
        await using var host = await WorkflowTestHost.StartAsync(azurite, options);
        await host.SeedDefinitionAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-staff-fr", out var referenceId).WithName("Atelier Ouest"));

        Assert.Equal(202, (await StartAsync(host, "p-staff-fr")).Status);
        var request = Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover));

        Assert.StartsWith("Validation requise : référence client soumise par Atelier Ouest", request.Subject, StringComparison.Ordinal);
        Assert.Contains($"Référence client {referenceId} soumise par Atelier Ouest (p-staff-fr)", request.TextBody, StringComparison.Ordinal);
        Assert.Contains("(Entreprise moyenne)", request.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Customer reference", request.TextBody, StringComparison.Ordinal);
    }
}
