using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Tests.Support;
using PartnerFunctions.Workflows.TierEvaluation;
using Xunit;
using Xunit.Abstractions;
using static PartnerFunctions.Workflows.Tests.Approvals.ApprovalLinkCalls;
using static PartnerFunctions.Workflows.Tests.Certification.CertificationTestKit;

namespace PartnerFunctions.Workflows.Tests.Approvals;

/// <summary>
/// The approval email's link (<see cref="ApprovalLinkHandlers"/>): confirmation page on GET/HEAD that changes nothing,
/// a single-use POST that answers through the staff endpoint's path, and clear refusal pages, on the real engine with
/// Azurite. Approval timers are long here (reminder 10 min, expiry 30 min) so a waiting certification stays still.
/// </summary>
[Collection(WorkflowTestCollection.Name)]
public sealed partial class ApprovalLinkPageTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan ExpiresAfter = TimeSpan.FromMinutes(30);

    [Fact]
    public async Task Show_TwentyGetsAndAHead_ChangeNothing()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-scan");
        var before = await CaptureAsync(host, waiting);

        for (var i = 0; i < 20; i++)
        {
            var page = await ShowAsync(host, waiting.ApprovalId, waiting.Token);
            Assert.Equal(200, page.Status);
            Assert.Contains("name=\"decision\" value=\"approve\"", page.Body, StringComparison.Ordinal);
        }

        var head = await ShowAsync(host, waiting.ApprovalId, waiting.Token, "HEAD");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        Assert.True(head.Headers.ContentLength > 0, "HEAD gives the page's length without its body");

        // Long enough for a wrongly raised event or a scheduled write to have shown up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await CaptureAsync(host, waiting);
        Assert.Equal(before, after);
        Assert.Equal(ApprovalStatus.Pending, (await Approvals(host).GetAsync(waiting.ApprovalId))!.Status);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(waiting.InstanceId))!.RuntimeStatus);
    }

    [Fact]
    public async Task Answer_ReferenceApprovedViaThePage_CompletesTheWaitingCertification()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-page");

        var page = await ShowAsync(host, waiting.ApprovalId, waiting.Token);
        Assert.Equal(200, page.Status);
        Assert.StartsWith("text/html", page.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("p-page SAS (p-page)", page.Body, StringComparison.Ordinal);
        Assert.Contains("Encryption (encryption)", page.Body, StringComparison.Ordinal);
        Assert.Contains(waiting.ReferenceId, page.Body, StringComparison.Ordinal);
        Assert.Contains("<label for=\"comment\">", page.Body, StringComparison.Ordinal);

        // The form posts to the configured URL without the token; the token travels in a hidden field.
        var action = $"action=\"{WorkflowTestHost.PublicBaseUrl}/api/approvals/{waiting.ApprovalId}\"";
        Assert.Contains(action, page.Body, StringComparison.Ordinal);
        Assert.Contains($"<input type=\"hidden\" name=\"token\" value=\"{waiting.Token}\"", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example.net", page.Body, StringComparison.Ordinal);

        var answered = await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve", "Confirmed by phone.");

        Assert.Equal(200, answered.Status);
        Assert.Contains("<h1>Approved</h1>", answered.Body, StringComparison.Ordinal);
        var done = await host.WaitForCompletionAsync(waiting.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<CertificationOutput>()!;
        Assert.Equal(CompetencyLevel.Principal, result.LevelGranted);
        Assert.Equal(new ReferenceOutcome(waiting.ReferenceId, ApprovalStatus.Approved, WorkflowTestHost.StaffApprover, waiting.ApprovalId), Assert.Single(result.References));
        var approval = (await Approvals(host).GetAsync(waiting.ApprovalId))!;
        Assert.Equal((ApprovalStatus.Approved, WorkflowTestHost.StaffApprover, "Confirmed by phone."), (approval.Status, approval.DecidedBy, approval.Comment));
        var reference = (await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync("p-page", waiting.ReferenceId))!;
        Assert.Equal(ReferenceState.Approved, reference.Reference.State);

        // The token reached neither the workflow's state nor any log line.
        var state = string.Join("\n", host.ReadHistory(waiting.InstanceId).Append(done.SerializedInput ?? string.Empty).Append(done.SerializedOutput ?? string.Empty).Append(done.SerializedCustomStatus ?? string.Empty));
        Assert.Contains(waiting.ApprovalId, state, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting.Token, state, StringComparison.Ordinal);
        Assert.Contains(host.Logs, l => l.Contains($"Approval link of request {waiting.ApprovalId}: answered", StringComparison.Ordinal));
        Assert.DoesNotContain(waiting.Token, string.Join("\n", host.Logs), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_TwoConcurrentPostsWithOneToken_ExactlyOneSucceeds()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-race");

        var answers = await Task.WhenAll(
            AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve"),
            AnswerAsync(host, waiting.ApprovalId, waiting.Token, "reject"));

        Assert.Equal(new[] { 200, 409 }, answers.Select(a => a.Status).Order());
        var winner = answers.Single(a => a.Status == 200);
        var done = await host.WaitForCompletionAsync(waiting.InstanceId);
        var outcome = Assert.Single(done.ReadOutputAs<CertificationOutput>()!.References);
        var approval = (await Approvals(host).GetAsync(waiting.ApprovalId))!;
        Assert.Equal(approval.Status, outcome.Outcome);
        Assert.Contains(approval.Status == ApprovalStatus.Approved ? "<h1>Approved</h1>" : "<h1>Rejected</h1>", winner.Body, StringComparison.Ordinal);
        Assert.Single(RaisedDecisions(host, waiting.InstanceId));
    }

    [Fact]
    public async Task Show_PartnerNameWithScript_IsHtmlEscaped()
    {
        await using var host = await StartHostAsync();
        const string Name = "<script>alert('x')</script> & \"Partners\"";
        var waiting = await StartWaitingCertificationAsync(host, "p-xss", b => b.WithName(Name));

        var page = await ShowAsync(host, waiting.ApprovalId, waiting.Token);

        Assert.Equal(200, page.Status);
        Assert.DoesNotContain("<script", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Name, page.Body, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page.Body, StringComparison.Ordinal);
        Assert.Contains("&amp;", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_EveryOutcome_CarryTheSecurityHeaders()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-headers");
        var (token, hash) = ApprovalTokens.Create();
        await SeedDowngradeRequestAsync(host, "dng-headers", hash);
        var pages = new List<PageResponse>
        {
            await ShowAsync(host, waiting.ApprovalId, waiting.Token),
            await ShowAsync(host, waiting.ApprovalId, waiting.Token, "HEAD"),
            await ShowAsync(host, waiting.ApprovalId, "wrong"),
            await ShowAsync(host, waiting.ApprovalId, "wrong", "HEAD"),
            await PostAsync(host, waiting.ApprovalId, "{}", "application/json"),
            await PostAsync(host, waiting.ApprovalId, "x=1"),
            await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve"),
            await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve"),
            await AnswerAsync(host, "dng-headers", token, "approve"),
        };

        Assert.Equal(new[] { 200, 200, 404, 404, 415, 400, 200, 409, 409 }, pages.Select(p => p.Status));
        Assert.All(pages, AssertSecurityHeaders);
        Assert.All(pages, p => Assert.StartsWith("text/html; charset=utf-8", p.Headers.ContentType.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answer_DowngradeRejectedViaThePage_WaivesItAsTheStaffEndpointWould()
    {
        await using var host = await StartHostAsync(seedDefaultDefinition: false);
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["downgrade"]!["mode"] = "staffDecision";
        var definition = await host.SeedDefinitionAsync(json.ToJsonString());
        await host.SeedPartnerAsync(new PartnerEvidenceBuilder("p-down").WithLegacyTier(Tier.Gold));
        var change = await host.GetRequiredService<PartnerTierService>().EvaluateAsync("p-down", definition, DateTimeOffset.UtcNow, "reeval-p-down", DecisionKind.Evaluation);
        Assert.Equal(TierChangeKind.StaffDecisionRequested, change.Change);
        var (approvalId, token) = LinkIn(Assert.Single(host.Emails.To(WorkflowTestHost.StaffApprover)));

        // A long comment in French (every character url-encodes to several bytes) is accepted as typed.
        var comment = "Le chiffre d'affaires remontera : accord validé en réunion, à revoir en été. " + new string('é', 1900);

        var page = await ShowAsync(host, approvalId, token);
        var answer = await AnswerAsync(host, approvalId, token, "reject", comment);

        Assert.Equal(200, page.Status);
        Assert.Contains("Decide on a tier downgrade", page.Body, StringComparison.Ordinal);
        Assert.Contains("<dt>Current tier</dt><dd>Gold</dd>", page.Body, StringComparison.Ordinal);
        Assert.Equal(200, answer.Status);
        Assert.Contains("waived", answer.Body, StringComparison.Ordinal);
        var partners = host.GetRequiredService<IPartnerRepository>();
        var state = (await partners.GetProfileAsync("p-down"))!.Status.TierState;
        Assert.Equal(Tier.Gold, state.Current);
        Assert.False(state.AwaitingStaffDecision);
        var decision = Assert.Single((await partners.ListDecisionsAsync("p-down", 10, null)).Items, d => d.Kind == DecisionKind.StaffDecision);
        Assert.Equal(ApprovalDecider.DecisionIdFor(approvalId, "p-down"), decision.DecisionId);
        Assert.Equal(WorkflowTestHost.StaffApprover, decision.DecidedBy);
        var approval = (await Approvals(host).GetAsync(approvalId))!;
        Assert.Equal((ApprovalStatus.Rejected, WorkflowTestHost.StaffApprover, comment), (approval.Status, approval.DecidedBy, approval.Comment));
        Assert.Equal(409, (await AnswerAsync(host, approvalId, token, "approve")).Status);
        Assert.Single((await partners.ListDecisionsAsync("p-down", 10, null)).Items, d => d.Kind == DecisionKind.StaffDecision);
    }

    private static void AssertSecurityHeaders(PageResponse page)
    {
        var headers = page.Headers;
        Assert.Equal("no-store", headers.CacheControl.ToString());
        Assert.Equal("no-referrer", headers["Referrer-Policy"].ToString());
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());
        Assert.Equal("DENY", headers.XFrameOptions.ToString());
        var csp = headers.ContentSecurityPolicy.ToString();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
    }

    private static IApprovalRepository Approvals(WorkflowTestHost host) => host.GetRequiredService<IApprovalRepository>();

    private static string ReferencePayload(string partnerId, string partnerName) =>
        ApprovalPayloads.Serialize(new ReferenceApprovalPayload(partnerId, partnerName, CompetencyId, "Encryption", "ref-1", "Customer", Market.Midmarket, null, "Request"));

    // A pending downgrade request for a partner that does not exist: every refusal before the decision is reachable.
    private static Task<ApprovalRequest> SeedDowngradeRequestAsync(WorkflowTestHost host, string approvalId, string tokenHash)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = ApprovalPayloads.Serialize(new DowngradeApprovalPayload("p-gone", "Gone SAS", Tier.Gold, Tier.Registered, "Revenue below Gold.", "default@1", "reeval-x"));
        return Approvals(host).CreateAsync(new ApprovalRequest(approvalId, ApprovalKinds.Downgrade, "p-gone", WorkflowTestHost.StaffApprover, tokenHash, null, payload, now, now.AddHours(1), ApprovalStatus.Pending, null, null, null, string.Empty));
    }

    // The "ReferenceDecision" events the certification received (not the activity named after them).
    private static IReadOnlyList<string> RaisedDecisions(WorkflowTestHost host, string instanceId) =>
        [.. host.ReadHistory(instanceId).Where(e => e.Contains($"\"Name\":\"{ReferenceDecision.EventName}\"", StringComparison.Ordinal) && e.Contains("\"EventType\":", StringComparison.Ordinal) && !e.Contains("Activity", StringComparison.Ordinal))];

    private static async Task<WaitingCertification> StartWaitingCertificationAsync(WorkflowTestHost host, string partnerId, Func<PartnerEvidenceBuilder, PartnerEvidenceBuilder>? customize = null)
    {
        var builder = QualifyingPartner(partnerId, out var referenceId);
        await host.SeedPartnerAsync(customize?.Invoke(builder) ?? builder);
        Assert.Equal(202, (await StartAsync(host, partnerId)).Status);
        var instanceId = CertificationRules.InstanceIdFor(partnerId, CompetencyId);
        await WaitForStepAsync(host, instanceId, CertificationSteps.AwaitingApprovals);
        var email = Assert.Single(host.Emails.To(WorkflowTestHost.StaffApprover), m => m.TextBody.Contains(referenceId, StringComparison.Ordinal));
        var (approvalId, token) = LinkIn(email);
        var runId = email.IdempotencyKey.Split('|')[0];
        return new WaitingCertification(partnerId, instanceId, runId, referenceId, approvalId, token);
    }

    // Everything an answer could change: the request row (with its ETag), the workflow (status, custom status, full
    // history), its outbox rows, the emails sent and the reference under review.
    private static async Task<string> CaptureAsync(WorkflowTestHost host, WaitingCertification waiting)
    {
        var instance = await host.Client.GetInstanceAsync(waiting.InstanceId, getInputsAndOutputs: true);
        var world = new
        {
            Approval = await Approvals(host).GetAsync(waiting.ApprovalId),
            instance!.RuntimeStatus,
            instance.SerializedCustomStatus,
            History = host.ReadHistory(waiting.InstanceId),
            Outbox = await host.GetRequiredService<INotificationOutbox>().ListByInstanceAsync(waiting.RunId),
            Emails = host.Emails.Messages.Count,
            Reference = await host.GetRequiredService<IPartnerRepository>().GetReferenceAsync(waiting.PartnerId, waiting.ReferenceId),
        };
        Assert.NotEmpty(world.Outbox);
        return JsonSerializer.Serialize(world);
    }

    private async Task<WorkflowTestHost> StartHostAsync(Action<IServiceCollection>? configureServices = null, bool seedDefaultDefinition = true)
    {
        var options = new WorkflowTestHostOptions { Output = output, ConfigureServices = configureServices };
        options.Settings["Workflows:ApprovalReminderAfter"] = "00:10:00";
        options.Settings["Workflows:ApprovalEscalationAfter"] = "00:20:00";
        options.Settings["Workflows:ApprovalExpiresAfter"] = ExpiresAfter.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var host = await WorkflowTestHost.StartAsync(azurite, options);
        if (seedDefaultDefinition)
        {
            await host.SeedDefinitionAsync();
        }

        return host;
    }

    private sealed record WaitingCertification(string PartnerId, string InstanceId, string RunId, string ReferenceId, string ApprovalId, string Token);
}
