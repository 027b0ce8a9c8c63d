using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Http;
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
public sealed class ApprovalLinkPageTests(AzuriteFixture azurite, ITestOutputHelper output)
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
        Assert.Contains($"<input type=\"hidden\" name=\"token\" value=\"{waiting.Token}\">", page.Body, StringComparison.Ordinal);
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
    public async Task Answer_ReusedToken_Returns409AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-reuse");
        Assert.Equal(200, (await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "reject", "No answer from the customer.")).Status);
        await host.WaitForCompletionAsync(waiting.InstanceId);
        var decided = (await Approvals(host).GetAsync(waiting.ApprovalId))!;
        var before = await CaptureAsync(host, waiting);

        var again = await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve");
        var show = await ShowAsync(host, waiting.ApprovalId, waiting.Token);

        Assert.Equal(409, again.Status);
        Assert.Contains("already been answered", again.Body, StringComparison.Ordinal);
        Assert.Equal(409, show.Status);
        Assert.DoesNotContain("<form", show.Body, StringComparison.Ordinal);
        Assert.Equal(decided, await Approvals(host).GetAsync(waiting.ApprovalId));
        Assert.Equal(before, await CaptureAsync(host, waiting));
        Assert.Single(RaisedDecisions(host, waiting.InstanceId));
    }

    [Fact]
    public async Task Answer_ExpiredLink_Returns410AndChangesNothing()
    {
        var clock = new MovableClock();
        await using var host = await StartHostAsync(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
        });
        var waiting = await StartWaitingCertificationAsync(host, "p-late");
        var before = await CaptureAsync(host, waiting);

        clock.Offset = ExpiresAfter + TimeSpan.FromMinutes(1);
        var show = await ShowAsync(host, waiting.ApprovalId, waiting.Token);
        var head = await ShowAsync(host, waiting.ApprovalId, waiting.Token, "HEAD");
        var answer = await AnswerAsync(host, waiting.ApprovalId, waiting.Token, "approve");

        Assert.Equal((410, 410, 410), (show.Status, head.Status, answer.Status));
        Assert.Contains("expired", answer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", show.Body, StringComparison.Ordinal);
        Assert.Equal(before, await CaptureAsync(host, waiting));
        Assert.Empty(RaisedDecisions(host, waiting.InstanceId));
    }

    [Fact]
    public async Task Answer_RequestClosedByTheWorkflow_Returns410AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var (token, hash) = ApprovalTokens.Create();
        var now = DateTimeOffset.UtcNow;
        var closed = await Approvals(host).CreateAsync(new ApprovalRequest("apr-closed", ApprovalKinds.Reference, "p-any", WorkflowTestHost.StaffApprover, hash, "cert-p-any-encryption", ReferencePayload("p-any", "Any"), now, now.AddHours(1), ApprovalStatus.Pending, null, null, null, string.Empty));
        closed = await Approvals(host).DecideAsync("apr-closed", ApprovalStatus.Expired, "system", now, "Expired unanswered.", closed.ETag);

        var show = await ShowAsync(host, "apr-closed", token);
        var answer = await AnswerAsync(host, "apr-closed", token, "approve");

        Assert.Equal((410, 410), (show.Status, answer.Status));
        Assert.Equal(closed, await Approvals(host).GetAsync("apr-closed"));
    }

    [Fact]
    public async Task Answer_TamperedToken_Returns404AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-tamper");
        var before = await CaptureAsync(host, waiting);
        var tampered = (waiting.Token[0] == 'A' ? "B" : "A") + waiting.Token[1..];

        var show = await ShowAsync(host, waiting.ApprovalId, tampered);
        var answer = await AnswerAsync(host, waiting.ApprovalId, tampered, "approve");

        Assert.Equal((404, 404), (show.Status, answer.Status));
        Assert.Equal(before, await CaptureAsync(host, waiting));
        Assert.Empty(RaisedDecisions(host, waiting.InstanceId));
        Assert.Equal(200, (await ShowAsync(host, waiting.ApprovalId, waiting.Token)).Status);
    }

    [Fact]
    public async Task Answer_ForeignToken_Returns404AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var mine = await StartWaitingCertificationAsync(host, "p-mine");
        var theirs = await StartWaitingCertificationAsync(host, "p-theirs");
        var before = await CaptureAsync(host, mine);

        var show = await ShowAsync(host, mine.ApprovalId, theirs.Token);
        var answer = await AnswerAsync(host, mine.ApprovalId, theirs.Token, "approve");

        Assert.Equal((404, 404), (show.Status, answer.Status));
        Assert.Equal(before, await CaptureAsync(host, mine));
        Assert.Empty(RaisedDecisions(host, mine.InstanceId));
        Assert.Empty(RaisedDecisions(host, theirs.InstanceId));
        Assert.Equal(ApprovalStatus.Pending, (await Approvals(host).GetAsync(theirs.ApprovalId))!.Status);
    }

    [Fact]
    public async Task Show_UnknownRequestOrWrongOrMissingToken_GetsOneAnd404PageThatRevealsNothing()
    {
        await using var host = await StartHostAsync();
        var waiting = await StartWaitingCertificationAsync(host, "p-probe");

        var pages = new[]
        {
            await ShowAsync(host, "apr-does-not-exist", waiting.Token),
            await ShowAsync(host, waiting.ApprovalId, null),
            await ShowAsync(host, waiting.ApprovalId, string.Empty),
            await ShowAsync(host, waiting.ApprovalId, waiting.Token + "x"),
            await ShowAsync(host, waiting.ApprovalId, new string('A', 500)),
            await ShowAsync(host, "../../etc/passwd", waiting.Token),
            await AnswerAsync(host, "apr-does-not-exist", waiting.Token, "approve"),
            await AnswerAsync(host, waiting.ApprovalId, null, "approve"),
        };

        Assert.All(pages, p => Assert.Equal(404, p.Status));
        Assert.Single(pages.Select(p => p.Body).Distinct());
        Assert.DoesNotContain(waiting.ApprovalId, pages[1].Body, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Pending, (await Approvals(host).GetAsync(waiting.ApprovalId))!.Status);
    }

    [Fact]
    public async Task Show_WorkflowNoLongerWaiting_Returns409AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var (token, hash) = ApprovalTokens.Create();
        var now = DateTimeOffset.UtcNow;
        var orphan = await Approvals(host).CreateAsync(new ApprovalRequest("apr-orphan", ApprovalKinds.Reference, "p-any", WorkflowTestHost.StaffApprover, hash, "cert-p-any-encryption", ReferencePayload("p-any", "Any"), now, now.AddHours(1), ApprovalStatus.Pending, null, null, null, string.Empty));

        var show = await ShowAsync(host, "apr-orphan", token);
        var answer = await AnswerAsync(host, "apr-orphan", token, "approve");

        Assert.Equal((409, 409), (show.Status, answer.Status));
        Assert.Contains("Nothing is waiting", answer.Body, StringComparison.Ordinal);
        Assert.Equal(orphan, await Approvals(host).GetAsync("apr-orphan"));
    }

    [Theory]
    [InlineData("decision=approve&token={token}&tier=gold")]
    [InlineData("decision=approve&decision=reject&token={token}")]
    [InlineData("token={token}")]
    [InlineData("decision=maybe&token={token}")]
    [InlineData("decision=approve&token={token}&comment={long}")]
    [InlineData("decision=approve&token={token}&token={token}")]
    public async Task Answer_MalformedForm_Returns400AndChangesNothing(string form)
    {
        await using var host = await StartHostAsync();
        var (token, hash) = ApprovalTokens.Create();
        var pending = await SeedDowngradeRequestAsync(host, "dng-form", hash);

        var answer = await PostAsync(host, "dng-form", form.Replace("{token}", token, StringComparison.Ordinal).Replace("{long}", new string('x', 2001), StringComparison.Ordinal));

        Assert.Equal(400, answer.Status);
        Assert.Equal(pending, await Approvals(host).GetAsync("dng-form"));
    }

    [Fact]
    public async Task Answer_JsonInsteadOfTheForm_Returns415AndChangesNothing()
    {
        await using var host = await StartHostAsync();
        var (token, hash) = ApprovalTokens.Create();
        var pending = await SeedDowngradeRequestAsync(host, "dng-json", hash);

        var answer = await PostAsync(host, "dng-json", $$"""{"token":"{{token}}","decision":"approve"}""", "application/json");

        Assert.Equal(415, answer.Status);
        Assert.Equal(pending, await Approvals(host).GetAsync("dng-json"));
    }

    [Fact]
    public async Task Answer_TooManyPostsFromOneAddress_Returns429WithRetryAfterAndChangesNothing()
    {
        await using var host = await StartHostAsync(services => services.Configure<RateLimitOptions>(o => o.ApprovalPermitsPerMinute = 3));
        var (token, hash) = ApprovalTokens.Create();
        var pending = await SeedDowngradeRequestAsync(host, "dng-flood", hash);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await PostAsync(host, "dng-flood", "decision=approve&token=wrong" + i)).Status);
        }

        var limited = await AnswerAsync(host, "dng-flood", token, "approve");
        var otherAddress = await PostAsync(host, "dng-flood", "decision=approve&token=wrong", clientAddress: "198.51.100.9");

        Assert.Equal(new[] { 404, 404, 404 }, statuses);
        Assert.Equal(429, limited.Status);
        Assert.True(int.Parse(limited.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        AssertSecurityHeaders(limited);
        Assert.Equal(404, otherAddress.Status);
        Assert.Equal(pending, await Approvals(host).GetAsync("dng-flood"));
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
