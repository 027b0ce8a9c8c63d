using System.Buffers.Text;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Certification;

/// <summary>The certification workflow on the real engine, with its activities on Azurite and short approval delays (2/4/8 s).</summary>
[Collection(WorkflowTestCollection.Name)]
public sealed class CertificationWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Reviewer = "reviewer@program.example.com";

    [Fact]
    public async Task Certification_ReferenceApproved_GrantsPrincipalRecordsDecisionAndEmailsPartnerOnce()
    {
        await using var host = await StartHostAsync();
        var partner = await host.SeedPartnerAsync(QualifyingPartner("p-approve", out var referenceId));
        var instanceId = CertificationRules.InstanceIdFor("p-approve", CompetencyId);
        var statusUrl = $"{WorkflowTestHost.PublicBaseUrl}/api/partners/p-approve/certifications/{CompetencyId}";

        var started = await StartAsync(host, "p-approve");

        Assert.Equal(202, started.Status);
        Assert.Equal(statusUrl, started.Location);
        Assert.Equal(statusUrl, started.Json.GetProperty("statusUrl").GetString());

        var request = Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover));
        var (approvalId, token) = LinkIn(request);
        Assert.True(Base64Url.DecodeFromChars(token).Length * 8 >= 128, "the token carries at least 128 random bits");
        var approval = await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId);
        Assert.NotNull(approval);
        Assert.Equal(ApprovalKinds.Reference, approval.Kind);
        Assert.Equal(ApprovalTokens.Hash(token), approval.TokenHash);
        Assert.Equal(instanceId, approval.WorkflowInstanceId);
        var partners = host.GetRequiredService<IPartnerRepository>();
        Assert.Equal(ReferenceState.InReview, (await partners.GetReferenceAsync("p-approve", referenceId))!.Reference.State);

        var decided = await DecideAsync(host, approvalId, approve: true, Reviewer, "Checked with the customer.");
        Assert.Equal(200, decided.Status);

        var done = await host.WaitForCompletionAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<CertificationOutput>()!;
        Assert.Equal(CompetencyLevel.Principal, result.LevelGranted);
        Assert.Equal(CompetencyLevel.None, result.PreviousLevel);
        Assert.Equal(Tier.Silver, result.Tier);
        Assert.Equal(TierChangeKind.Upgraded, result.TierChange);
        Assert.DoesNotContain(result.Gaps, g => g.Clause == Clause.ValidatedReferences && g.Required == 1);
        var answer = Assert.Single(result.References);
        Assert.Equal(new ReferenceOutcome(referenceId, ApprovalStatus.Approved, Reviewer, approvalId), answer);

        // The reference is validated, with its review history; the request row records the answer.
        var reference = (await partners.GetReferenceAsync("p-approve", referenceId))!;
        Assert.Equal(ReferenceState.Approved, reference.Reference.State);
        Assert.Equal([ReferenceState.InReview, ReferenceState.Approved], reference.History.TakeLast(2).Select(h => h.State));
        Assert.Equal(Reviewer, reference.History[^1].By);
        Assert.Contains("Checked with the customer.", reference.History[^1].Note, StringComparison.Ordinal);
        approval = await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId);
        Assert.Equal(ApprovalStatus.Approved, approval!.Status);
        Assert.Equal(Reviewer, approval.DecidedBy);

        // The decision is stored with its receipt, and the partner's status holds the level and the tier.
        var decisions = await partners.ListDecisionsAsync("p-approve", 10, null);
        var decision = Assert.Single(decisions.Items, d => d.RunId == result.RunId);
        Assert.Equal(DecisionKind.Evaluation, decision.Kind);
        Assert.Equal(Tier.Silver, decision.To);
        Assert.NotNull(decision.Receipt);
        Assert.Equal(CompetencyLevel.Principal, decision.Receipt.Competencies.Single(c => c.CompetencyId == CompetencyId).Level);
        var profile = (await partners.GetProfileAsync("p-approve"))!;
        Assert.Equal(CompetencyLevel.Principal, profile.Status.CompetencyLevels[CompetencyId]);
        Assert.Equal(Tier.Silver, profile.Status.TierState.Current);

        // The partner hears the outcome once (and, separately, about its new tier once).
        var outcome = Assert.Single(OutcomeEmails(host, partner.Partner.Email));
        Assert.Contains("Principal", outcome.TextBody, StringComparison.Ordinal);
        // The email links to the partner's page (a browser page, through sign-in), never to the JSON status route.
        Assert.Contains($"{WorkflowTestHost.PublicBaseUrl}/partner/p-approve/certifications/{CompetencyId}", outcome.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/", outcome.TextBody, StringComparison.Ordinal);
        Assert.Single(host.Emails.To(partner.Partner.Email), m => m.IdempotencyKey.Contains("|tier-upgraded|", StringComparison.Ordinal));
        Assert.Equal(2, host.Emails.To(partner.Partner.Email).Count);
    }

    [Fact]
    public async Task Certification_ReferenceRejected_GrantsNothingAndReportsTheMissingReference()
    {
        await using var host = await StartHostAsync();
        var partner = await host.SeedPartnerAsync(QualifyingPartner("p-reject", out var referenceId));
        var instanceId = CertificationRules.InstanceIdFor("p-reject", CompetencyId);

        Assert.Equal(202, (await StartAsync(host, "p-reject")).Status);
        var (approvalId, _) = LinkIn(Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover)));
        Assert.Equal(200, (await DecideAsync(host, approvalId, approve: false, Reviewer, "The customer does not confirm.")).Status);

        var done = await host.WaitForCompletionAsync(instanceId);
        var result = done.ReadOutputAs<CertificationOutput>()!;
        Assert.Equal(CompetencyLevel.None, result.LevelGranted);
        Assert.Equal(Tier.Registered, result.Tier);
        var gap = Assert.Single(result.Gaps);
        Assert.Equal(Clause.ValidatedReferences, gap.Clause);
        Assert.Equal(ApprovalStatus.Rejected, Assert.Single(result.References).Outcome);

        var reference = (await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync("p-reject", referenceId))!;
        Assert.Equal(ReferenceState.Rejected, reference.Reference.State);
        Assert.Contains("The customer does not confirm.", reference.History[^1].Note, StringComparison.Ordinal);
        var outcome = Assert.Single(OutcomeEmails(host, partner.Partner.Email));
        Assert.Contains("1 validated reference", outcome.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certification_NoAnswer_RemindsThenEscalatesThenExpiresAndGrantsNothing()
    {
        await using var host = await StartHostAsync();
        var partner = await host.SeedPartnerAsync(QualifyingPartner("p-expire", out var referenceId));
        var instanceId = CertificationRules.InstanceIdFor("p-expire", CompetencyId);

        Assert.Equal(202, (await StartAsync(host, "p-expire")).Status);
        var done = await host.WaitForCompletionAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // The first approver got the request, then the reminder; the second approver got the escalation, after both.
        var first = host.Emails.To(WorkflowTestHost.StaffApprover);
        Assert.Equal(2, first.Count);
        var escalation = Assert.Single(host.Emails.To(WorkflowTestHost.EscalationApprover));
        Assert.Contains(WorkflowTestHost.StaffApprover, escalation.TextBody, StringComparison.Ordinal);
        var requestedAt = host.Emails.AcceptedAt(first[0]);
        var tolerance = TimeSpan.FromMilliseconds(500);
        Assert.InRange(host.Emails.AcceptedAt(first[1]) - requestedAt, WorkflowTestHost.ReminderAfter - tolerance, WorkflowTestHost.EscalationAfter);
        Assert.InRange(host.Emails.AcceptedAt(escalation) - requestedAt, WorkflowTestHost.EscalationAfter - tolerance, WorkflowTestHost.ExpiresAfter);
        Assert.True(done.LastUpdatedAt - requestedAt >= WorkflowTestHost.ExpiresAfter - tolerance, "the certification waited until the expiry");

        // Each email has a link of its own; every request expired; the reference is back in the queue, unvalidated.
        var approvalIds = first.Append(escalation).Select(m => LinkIn(m).ApprovalId).ToArray();
        Assert.Equal(3, approvalIds.Distinct(StringComparer.Ordinal).Count());
        var approvals = host.GetRequiredService<IApprovalRepository>();
        foreach (var id in approvalIds)
        {
            Assert.Equal(ApprovalStatus.Expired, (await approvals.GetAsync(id))!.Status);
        }

        var reference = (await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync("p-expire", referenceId))!;
        Assert.Equal(ReferenceState.Submitted, reference.Reference.State);
        Assert.Equal([ReferenceState.InReview, ReferenceState.Submitted], reference.History.TakeLast(2).Select(h => h.State));

        var result = done.ReadOutputAs<CertificationOutput>()!;
        Assert.Equal(CompetencyLevel.None, result.LevelGranted);
        Assert.Equal(ApprovalStatus.Expired, Assert.Single(result.References).Outcome);
        Assert.Contains(result.Gaps, g => g.Clause == Clause.ValidatedReferences);
        Assert.Single(OutcomeEmails(host, partner.Partner.Email));

        // A late answer is refused and changes nothing.
        Assert.Equal(409, (await DecideAsync(host, approvalIds[0], approve: true)).Status);
        Assert.Equal(ReferenceState.Submitted, (await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync("p-expire", referenceId))!.Reference.State);
    }

    [Fact]
    public async Task Certification_ApprovalEmailFailsOnce_RetryReplacesTheRequestAndSendsOneWorkingLink()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-retry", out _));
        var instanceId = CertificationRules.InstanceIdFor("p-retry", CompetencyId);
        var failures = 0;
        host.Emails.Respond = m => string.Equals(m.To.Email, WorkflowTestHost.StaffApprover, StringComparison.Ordinal) && Interlocked.Increment(ref failures) == 1
            ? new EmailSendResult(EmailSendStatus.Transient, null, "503 from the test provider", TimeSpan.FromSeconds(1))
            : null;

        Assert.Equal(202, (await StartAsync(host, "p-retry")).Status);

        // The first try stored a request whose email failed: its token is lost, so the retry closed it and sent a new one.
        var (approvalId, token) = LinkIn(Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover)));
        Assert.EndsWith("-r1", approvalId, StringComparison.Ordinal);
        var approvals = host.GetRequiredService<IApprovalRepository>();
        Assert.Equal(ApprovalTokens.Hash(token), (await approvals.GetAsync(approvalId))!.TokenHash);
        Assert.Equal(ApprovalStatus.Expired, (await approvals.GetAsync(approvalId[..^3]))!.Status);

        Assert.Equal(200, (await DecideAsync(host, approvalId, approve: true)).Status);
        var result = (await host.WaitForCompletionAsync(instanceId)).ReadOutputAs<CertificationOutput>()!;
        Assert.Equal(CompetencyLevel.Principal, result.LevelGranted);
        Assert.Equal(approvalId, Assert.Single(result.References).ApprovalId);
        Assert.Single(host.Emails.To(WorkflowTestHost.StaffApprover));
    }

    [Fact]
    public async Task Status_WhileAwaitingApproval_ShowsStepAndPendingApprovalsThenOutcome()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-status", out var referenceId));
        var instanceId = CertificationRules.InstanceIdFor("p-status", CompetencyId);

        Assert.Equal(202, (await StartAsync(host, "p-status")).Status);
        var (approvalId, _) = LinkIn(Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover)));
        await WaitForStepAsync(host, instanceId, CertificationSteps.AwaitingApprovals);

        var running = await GetStatusAsync(host, "p-status");
        Assert.Equal(200, running.Status);
        var body = running.Json;
        Assert.Equal("running", body.GetProperty("runtimeStatus").GetString());
        var custom = body.GetProperty("customStatus");
        Assert.Equal(CertificationSteps.AwaitingApprovals, custom.GetProperty("step").GetString());
        var pending = Assert.Single(custom.GetProperty("pendingApprovals").EnumerateArray());
        Assert.Equal(approvalId, pending.GetProperty("approvalId").GetString());
        Assert.Equal(referenceId, pending.GetProperty("referenceId").GetString());
        Assert.False(body.TryGetProperty("output", out _));

        Assert.Equal(200, (await DecideAsync(host, approvalId, approve: true)).Status);
        await host.WaitForCompletionAsync(instanceId);

        var completed = (await GetStatusAsync(host, "p-status")).Json;
        Assert.Equal("completed", completed.GetProperty("runtimeStatus").GetString());
        Assert.Equal(CertificationSteps.Completed, completed.GetProperty("customStatus").GetProperty("step").GetString());
        Assert.Empty(completed.GetProperty("customStatus").GetProperty("pendingApprovals").EnumerateArray());
        Assert.Equal("principal", completed.GetProperty("output").GetProperty("levelGranted").GetString());
    }

    [Fact]
    public async Task Start_WhileRunning_Returns409WithTheRunningOnesStatusUrl()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-twice", out _));
        var instanceId = CertificationRules.InstanceIdFor("p-twice", CompetencyId);
        var first = await StartAsync(host, "p-twice");
        Assert.Equal(202, first.Status);
        await WaitForStepAsync(host, instanceId, CertificationSteps.AwaitingApprovals);
        var createdAt = (await host.Client.GetInstanceAsync(instanceId))!.CreatedAt;

        var second = await StartAsync(host, "p-twice");

        Assert.Equal(409, second.Status);
        Assert.Equal(first.Location, second.Location);
        Assert.Equal(first.Location, second.Json.GetProperty("statusUrl").GetString());
        Assert.StartsWith(WorkflowTestHost.PublicBaseUrl, second.Location, StringComparison.Ordinal);
        var still = (await host.Client.GetInstanceAsync(instanceId))!;
        Assert.Equal(OrchestrationRuntimeStatus.Running, still.RuntimeStatus);
        Assert.Equal(createdAt, still.CreatedAt);
    }

    [Fact]
    public async Task Start_TwoRequestsAtOnce_OneIsAcceptedTheOtherGets409()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-race", out _));

        var responses = await Task.WhenAll(StartAsync(host, "p-race"), StartAsync(host, "p-race"));

        Assert.Equal([202, 409], responses.Select(r => r.Status).Order());
        Assert.All(responses, r => Assert.Equal($"{WorkflowTestHost.PublicBaseUrl}/api/partners/p-race/certifications/{CompetencyId}", r.Location));
    }

    [Fact]
    public async Task Start_UnknownPartner_Returns404AndStartsNothing()
    {
        await using var host = await StartHostAsync();

        var response = await StartAsync(host, "p-nobody");

        Assert.Equal(404, response.Status);
        Assert.Null(await host.Client.GetInstanceAsync(CertificationRules.InstanceIdFor("p-nobody", CompetencyId)));
        Assert.Equal(404, (await GetStatusAsync(host, "p-nobody")).Status);
    }

    [Fact]
    public async Task Start_UnknownCompetency_Returns400NamingTheFieldAndStartsNothing()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-field", out _));

        var response = await StartAsync(host, "p-field", "quantum-security");

        Assert.Equal(400, response.Status);
        Assert.Equal("competencyId", response.Json.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Null(await host.Client.GetInstanceAsync(CertificationRules.InstanceIdFor("p-field", "quantum-security")));
    }

    [Fact]
    public async Task Start_NoActiveDefinition_Returns409AndStartsNothing()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedPartnerAsync(QualifyingPartner("p-early", out _));

        var response = await StartAsync(host, "p-early");

        Assert.Equal(409, response.Status);
        Assert.Null(await host.Client.GetInstanceAsync(CertificationRules.InstanceIdFor("p-early", CompetencyId)));
    }

    [Fact]
    public async Task Start_AfterACompletedRun_StartsANewRunWithItsOwnDecisionAndEmail()
    {
        await using var host = await StartHostAsync();
        var partner = await host.SeedPartnerAsync(QualifyingPartner("p-again", out _));
        var instanceId = CertificationRules.InstanceIdFor("p-again", CompetencyId);
        Assert.Equal(202, (await StartAsync(host, "p-again")).Status);
        var (approvalId, _) = LinkIn(Assert.Single(await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover)));
        Assert.Equal(200, (await DecideAsync(host, approvalId, approve: true)).Status);
        var firstRun = (await host.WaitForCompletionAsync(instanceId)).ReadOutputAs<CertificationOutput>()!;

        Assert.Equal(202, (await StartAsync(host, "p-again")).Status);
        var secondRun = (await host.WaitForAsync(
            instanceId,
            m => m.RuntimeStatus == OrchestrationRuntimeStatus.Completed && m.ReadOutputAs<CertificationOutput>()!.RunId != firstRun.RunId)).ReadOutputAs<CertificationOutput>()!;

        // Nothing left to review: the level holds, and the second run tells the partner again.
        Assert.Empty(secondRun.References);
        Assert.Equal(CompetencyLevel.Principal, secondRun.LevelGranted);
        Assert.Equal(CompetencyLevel.Principal, secondRun.PreviousLevel);
        Assert.Equal(2, OutcomeEmails(host, partner.Partner.Email).Count);
        Assert.Single(ApprovalEmails(host));
    }

    [Fact]
    public async Task Certification_ApprovalTokens_NeverReachInputOutputStatusHistoryOrLogs()
    {
        await using var host = await StartHostAsync();
        await host.SeedPartnerAsync(QualifyingPartner("p-secret", out _));
        var instanceId = CertificationRules.InstanceIdFor("p-secret", CompetencyId);
        Assert.Equal(202, (await StartAsync(host, "p-secret")).Status);

        // Wait for the reminder too, and answer through its link: two tokens issued, the second one used.
        var emails = await WaitForApprovalEmailsAsync(host, WorkflowTestHost.StaffApprover, count: 2);
        var links = emails.Select(LinkIn).ToArray();
        Assert.Equal(200, (await DecideAsync(host, links[1].ApprovalId, approve: true)).Status);
        var done = await host.WaitForCompletionAsync(instanceId);
        Assert.Equal(ApprovalStatus.Approved, Assert.Single(done.ReadOutputAs<CertificationOutput>()!.References).Outcome);
        Assert.Equal(ApprovalStatus.Expired, (await host.GetRequiredService<IApprovalRepository>().GetAsync(links[0].ApprovalId))!.Status);

        var history = host.ReadHistory(instanceId);
        var state = string.Join("\n", history.Append(done.SerializedInput ?? string.Empty).Append(done.SerializedOutput ?? string.Empty).Append(done.SerializedCustomStatus ?? string.Empty));
        Assert.Contains(links[1].ApprovalId, state, StringComparison.Ordinal);
        Assert.Contains(history, e => e.Contains(ReferenceDecision.EventName, StringComparison.Ordinal));
        var logs = string.Join("\n", host.Logs);
        var outbox = await host.GetRequiredService<INotificationOutbox>().ListByInstanceAsync(done.ReadOutputAs<CertificationOutput>()!.RunId);
        Assert.NotEmpty(outbox);
        foreach (var (approvalId, token) in links)
        {
            Assert.DoesNotContain(token, state, StringComparison.Ordinal);
            Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
            Assert.All(outbox, e => Assert.DoesNotContain(token, e.PayloadJson, StringComparison.Ordinal));
            var row = (await host.GetRequiredService<IApprovalRepository>().GetAsync(approvalId))!;
            Assert.DoesNotContain(token, row.TokenHash + row.PayloadJson, StringComparison.Ordinal);
        }
    }

    private async Task<WorkflowTestHost> StartHostAsync()
    {
        var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        return host;
    }
}
