using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Tests.Support;
using PartnerFunctions.Workflows.TierEvaluation;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Approvals;

/// <summary>
/// <c>POST staff/approvals/{approvalId}/decision</c> and the downgrade approval requests behind
/// <see cref="PartnerTierService"/> (definitions in staff-decision mode), on Azurite.
/// </summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class StaffApprovalDecisionTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Reviewer = "head-of-program@program.example.com";

    [Fact]
    public async Task TierEvaluation_DowngradeInStaffMode_EmailsOneApprovalRequestPerRunAndPartner()
    {
        await using var host = await StartHostAsync();
        var definition = await SeedStaffDecisionDefinitionAsync(host);
        await host.SeedPartnerAsync(new PartnerEvidenceBuilder("p-gold").WithLegacyTier(Tier.Gold));
        var tiers = host.GetRequiredService<PartnerTierService>();

        var first = await tiers.EvaluateAsync("p-gold", definition, DateTimeOffset.UtcNow, "reeval-test-1", DecisionKind.Evaluation);
        var retried = await tiers.EvaluateAsync("p-gold", definition, DateTimeOffset.UtcNow, "reeval-test-1", DecisionKind.Evaluation);

        Assert.Equal(TierChangeKind.StaffDecisionRequested, first.Change);
        Assert.Equal(TierChangeKind.StaffDecisionRequested, retried.Change);
        var email = Assert.Single(host.Emails.To(WorkflowTestHost.StaffApprover));
        var (approvalId, token) = LinkIn(email);
        Assert.Equal(DowngradeApprovalRequester.ApprovalIdFor("reeval-test-1", "p-gold"), approvalId);
        var approval = (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!;
        Assert.Equal(ApprovalKinds.Downgrade, approval.Kind);
        Assert.Equal("p-gold", approval.PartnerId);
        Assert.Equal(WorkflowTestHost.StaffApprover, approval.Approver);
        Assert.Equal(ApprovalTokens.Hash(token), approval.TokenHash);
        Assert.Equal(ApprovalStatus.Pending, approval.Status);
        Assert.Empty(host.Emails.To("contact@p-gold.example.com"));
    }

    [Fact]
    public async Task Decide_DowngradeApproved_DowngradesRecordsStaffDecisionAndEmailsPartner()
    {
        await using var host = await StartHostAsync();
        var (approvalId, partners) = await RequestDowngradeAsync(host, "p-down");

        var response = await DecideAsync(host, approvalId, approve: true, Reviewer, "Revenue fell for good.");

        Assert.Equal(200, response.Status);
        Assert.Equal("downgraded", response.Json.GetProperty("tierChange").GetString());
        var profile = (await partners.GetProfileAsync("p-down"))!;
        Assert.Equal(TierState.Holding(Tier.Registered), profile.Status.TierState);
        var decision = Assert.Single((await partners.ListDecisionsAsync("p-down", 10, null)).Items, d => d.Kind == DecisionKind.StaffDecision);
        Assert.Equal(Reviewer, decision.DecidedBy);
        Assert.Equal((Tier.Gold, Tier.Registered), (decision.From, decision.To));
        Assert.NotNull(decision.Receipt);
        Assert.Single(host.Emails.To("contact@p-down.example.com"), m => m.IdempotencyKey.Contains("|tier-downgraded|", StringComparison.Ordinal));
        var approval = (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!;
        Assert.Equal((ApprovalStatus.Approved, Reviewer, "Revenue fell for good."), (approval.Status, approval.DecidedBy, approval.Comment));

        // A second answer is refused and changes nothing.
        Assert.Equal(409, (await DecideAsync(host, approvalId, approve: false)).Status);
        Assert.Single((await partners.ListDecisionsAsync("p-down", 10, null)).Items, d => d.Kind == DecisionKind.StaffDecision);
    }

    [Fact]
    public async Task Decide_DowngradeRejected_KeepsTheTierForAGracePeriod()
    {
        await using var host = await StartHostAsync();
        var (approvalId, partners) = await RequestDowngradeAsync(host, "p-keep");

        var response = await DecideAsync(host, approvalId, approve: false, Reviewer);

        Assert.Equal(200, response.Status);
        Assert.Equal("downgradeWaived", response.Json.GetProperty("tierChange").GetString());
        var state = (await partners.GetProfileAsync("p-keep"))!.Status.TierState;
        Assert.Equal(Tier.Gold, state.Current);
        Assert.False(state.AwaitingStaffDecision);
        Assert.NotNull(state.GraceEndsOn);
        Assert.Equal(ApprovalStatus.Rejected, (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!.Status);
    }

    [Fact]
    public async Task Decide_UnknownApproval_Returns404()
    {
        await using var host = await StartHostAsync();

        Assert.Equal(404, (await DecideAsync(host, "apr-does-not-exist", approve: true)).Status);
    }

    [Theory]
    [InlineData("""{"approve":true,"decidedBy":"someone-else"}""", "decidedBy")]
    [InlineData("""{"comment":"no answer"}""", "approve")]
    [InlineData("""{"approve":true,"status":"approved"}""", "status")]
    public async Task Decide_InvalidBody_Returns400NamingTheFieldAndChangesNothing(string body, string field)
    {
        await using var host = await StartHostAsync();
        var (approvalId, _) = await RequestDowngradeAsync(host, "p-body");
        var response = await ApiCall.SendAsync(host.Services, () => ApiDispatcher.DispatchAsync(ApprovalRoutes.DecideApproval, ApiCall.Request(host.Services, "POST", body), host.Client, ("approvalId", approvalId)));

        Assert.Equal(400, response.Status);
        Assert.Equal(field, response.Json.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(ApprovalStatus.Pending, (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!.Status);
    }

    [Fact]
    public async Task Decide_ExpiredRequest_Returns409AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var approvals = host.GetRequiredService<IApprovalRepository>();
        var past = DateTimeOffset.UtcNow.AddHours(-2);
        await approvals.CreateAsync(new ApprovalRequest("dng-expired", ApprovalKinds.Downgrade, "p-any", WorkflowTestHost.StaffApprover, ApprovalTokens.Create().Hash, null, "{}", past, past.AddHours(1), ApprovalStatus.Pending, null, null, null, string.Empty));

        var response = await DecideAsync(host, "dng-expired", approve: true);

        Assert.Equal(409, response.Status);
        Assert.Contains("expired", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await approvals.GetAsync("dng-expired"))!.Status);
    }

    [Fact]
    public async Task Decide_ReferenceRequestWhoseWorkflowIsGone_Returns409AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var approvals = host.GetRequiredService<IApprovalRepository>();
        var now = DateTimeOffset.UtcNow;
        var payload = ApprovalPayloads.Serialize(new ReferenceApprovalPayload("p-any", "Any", CompetencyId, "Encryption", "ref-1", "Customer", Market.Midmarket, null, "Request"));
        await approvals.CreateAsync(new ApprovalRequest("apr-orphan", ApprovalKinds.Reference, "p-any", WorkflowTestHost.StaffApprover, ApprovalTokens.Create().Hash, "cert-p-any-encryption", payload, now, now.AddHours(1), ApprovalStatus.Pending, null, null, null, string.Empty));

        var response = await DecideAsync(host, "apr-orphan", approve: true);

        Assert.Equal(409, response.Status);
        Assert.Equal(ApprovalStatus.Pending, (await approvals.GetAsync("apr-orphan"))!.Status);
    }

    private static async Task<ProgramDefinition> SeedStaffDecisionDefinitionAsync(WorkflowTestHost host)
    {
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["downgrade"]!["mode"] = "staffDecision";
        return await host.SeedDefinitionAsync(json.ToJsonString());
    }

    // A Gold partner whose evidence supports only Registered, evaluated under a staff-decision definition.
    private static async Task<(string ApprovalId, IPartnerRepository Partners)> RequestDowngradeAsync(WorkflowTestHost host, string partnerId)
    {
        var definition = await SeedStaffDecisionDefinitionAsync(host);
        await host.SeedPartnerAsync(new PartnerEvidenceBuilder(partnerId).WithLegacyTier(Tier.Gold));
        var change = await host.GetRequiredService<PartnerTierService>().EvaluateAsync(partnerId, definition, DateTimeOffset.UtcNow, "reeval-" + partnerId, DecisionKind.Evaluation);
        Assert.Equal(TierChangeKind.StaffDecisionRequested, change.Change);
        var (approvalId, _) = LinkIn(Assert.Single(host.Emails.To(WorkflowTestHost.StaffApprover)));
        return (approvalId, host.GetRequiredService<IPartnerRepository>());
    }

    private async Task<WorkflowTestHost> StartHostAsync() =>
        await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
}
