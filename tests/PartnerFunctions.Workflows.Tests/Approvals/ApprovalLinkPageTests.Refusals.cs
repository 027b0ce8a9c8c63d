using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using static PartnerFunctions.Workflows.Tests.Approvals.ApprovalLinkCalls;

namespace PartnerFunctions.Workflows.Tests.Approvals;

/// <summary>Links that must not decide anything: reused, expired, closed, tampered, foreign, malformed, throttled.</summary>
public sealed partial class ApprovalLinkPageTests
{
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
}
