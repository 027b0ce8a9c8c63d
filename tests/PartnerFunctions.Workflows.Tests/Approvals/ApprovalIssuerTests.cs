using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Approvals;

/// <summary><see cref="ApprovalIssuer"/> on Azurite: tries of one activity that run again issue one working link.</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class ApprovalIssuerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task IssueAsync_SameIssueTwiceAfterTheEmailWentOut_ReusesTheRequestAndSendsNothingMore()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        var issuer = host.GetRequiredService<ApprovalIssuer>();

        var first = await issuer.IssueAsync(Issue("dng-twice"));
        var second = await issuer.IssueAsync(Issue("dng-twice"));

        Assert.Equal(first, second);
        Assert.Equal("dng-twice", first.ApprovalId);
        var (approvalId, token) = LinkIn(Assert.Single(host.Emails.Messages));
        Assert.Equal("dng-twice", approvalId);
        Assert.Equal(ApprovalTokens.Hash(token), (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!.TokenHash);
    }

    [Fact]
    public async Task IssueAsync_EarlierTryStoredTheRequestButSentNoEmail_ClosesItAndIssuesAReplacement()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        var approvals = host.GetRequiredService<IApprovalRepository>();
        var now = DateTimeOffset.UtcNow;

        // What a try that crashed between storing the request and emailing it leaves behind.
        await approvals.CreateAsync(new ApprovalRequest("dng-crashed", ApprovalKinds.Downgrade, "p-any", WorkflowTestHost.StaffApprover, ApprovalTokens.Create().Hash, null, "{}", now, now.AddDays(1), ApprovalStatus.Pending, null, null, null, string.Empty));

        var issued = await host.GetRequiredService<ApprovalIssuer>().IssueAsync(Issue("dng-crashed"));

        Assert.Equal("dng-crashed-r1", issued.ApprovalId);
        Assert.Equal(ApprovalStatus.Expired, (await approvals.GetAsync("dng-crashed"))!.Status);
        var (approvalId, token) = LinkIn(Assert.Single(host.Emails.Messages));
        Assert.Equal("dng-crashed-r1", approvalId);
        Assert.Equal(ApprovalTokens.Hash(token), (await approvals.GetAsync(approvalId))!.TokenHash);
    }

    [Fact]
    public async Task IssueAsync_ApproverAnsweredAnEarlierTry_ReturnsThatAnswerAndSendsNothing()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        var approvals = host.GetRequiredService<IApprovalRepository>();
        var now = DateTimeOffset.UtcNow;
        var stored = await approvals.CreateAsync(new ApprovalRequest("dng-answered", ApprovalKinds.Downgrade, "p-any", WorkflowTestHost.StaffApprover, ApprovalTokens.Create().Hash, null, "{}", now, now.AddDays(1), ApprovalStatus.Pending, null, null, null, string.Empty));
        await approvals.DecideAsync("dng-answered", ApprovalStatus.Rejected, "someone", now, null, stored.ETag);

        var issued = await host.GetRequiredService<ApprovalIssuer>().IssueAsync(Issue("dng-answered"));

        Assert.Equal(new IssuedApproval("dng-answered", ApprovalStatus.Rejected, false), issued);
        Assert.Empty(host.Emails.Messages);
    }

    private static ApprovalIssue Issue(string approvalId)
    {
        var now = DateTimeOffset.UtcNow;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = "Any SAS",
            ["partnerId"] = "p-any",
            ["fromTier"] = "Gold",
            ["pendingTier"] = "Silver",
            ["reason"] = "Evidence supports Silver.",
            ["expiresOn"] = ApprovalPayloads.FormatUtc(now.AddDays(1)),
        };
        return new ApprovalIssue(approvalId, ApprovalKinds.Downgrade, "p-any", WorkflowTestHost.StaffApprover, null, "{}", now, now.AddDays(1), "run-issuer-tests", NotificationTemplates.DowngradeDecisionRequest, "en", values, "decisionUrl");
    }
}
