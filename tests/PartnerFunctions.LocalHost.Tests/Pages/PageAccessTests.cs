using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// Who may open which page and post which form, over every page of the route table on a real local host: no session
/// goes to sign-in, a partner gets 403 on staff pages and 404 on another partner's pages, a form without the session's
/// anti-forgery token (or with a wrong one) is refused, and every page answers with the security headers.
/// </summary>
public sealed class PageAccessTests(PageAccessTests.Host fixture) : IClassFixture<PageAccessTests.Host>
{
    public static TheoryData<string> SessionPages => new(ApiRouteTable.Pages.Where(r => r.Audience is RouteAudience.StaffPage or RouteAudience.PartnerPage).Select(r => r.Name));

    public static TheoryData<string> StaffPages => new(ApiRouteTable.Pages.Where(r => r.Audience == RouteAudience.StaffPage).Select(r => r.Name));

    public static TheoryData<string> StaffForms => new(ApiRouteTable.Pages.Where(r => r.Audience == RouteAudience.StaffPage && r.Method == "POST").Select(r => r.Name));

    public static TheoryData<string> PartnerPages => new(ApiRouteTable.Pages.Where(r => r.Audience == RouteAudience.PartnerPage && r.Method == "GET").Select(r => r.Name));

    public static TheoryData<string> PartnerForms => new(ApiRouteTable.Pages.Where(r => r.Audience == RouteAudience.PartnerPage && r.Method == "POST").Select(r => r.Name));

    [Theory]
    [MemberData(nameof(SessionPages))]
    public async Task Page_NoSession_RedirectsToSignIn(string name)
    {
        var route = Route(name);
        using var browser = new PageClient(fixture.Instance);

        var (response, _) = route.Method == "GET"
            ? await browser.GetAsync(fixture.PathOf(route))
            : await browser.PostAsync(fixture.PathOf(route), "no-session-token");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/sign-in?returnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPage_PartnerSession_Returns403(string name)
    {
        var route = Route(name);
        using var browser = new PageClient(fixture.Instance);
        await browser.SignInPartnerAsync(fixture.PartnerA, fixture.KeyA);
        var approvalsBefore = await fixture.ApprovalCountAsync();

        var (response, html) = route.Method == "GET"
            ? await browser.GetAsync(fixture.PathOf(route))
            : await browser.PostAsync(fixture.PathOf(route), browser.Token, ("decision", "approve"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("équipe du programme", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(approvalsBefore, await fixture.ApprovalCountAsync());
    }

    [Theory]
    [MemberData(nameof(PartnerPages))]
    public async Task PartnerPage_OtherPartnersSession_Returns404LikeAPageThatDoesNotExist(string name)
    {
        var route = Route(name);
        using var browser = new PageClient(fixture.Instance);
        await browser.SignInPartnerAsync(fixture.PartnerA, fixture.KeyA);

        var (response, html) = await browser.GetAsync(fixture.PathOf(route, fixture.PartnerB));
        var (unknown, unknownHtml) = await browser.GetAsync(fixture.PathOf(route, "no-such-partner"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain(fixture.PartnerB, html, StringComparison.Ordinal);
        Assert.Equal(unknownHtml.Replace("no-such-partner", string.Empty, StringComparison.Ordinal), html.Replace(fixture.PartnerB, string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StaffForms))]
    public async Task StaffForm_WithoutOrWithAWrongToken_Returns400(string name)
    {
        var route = Route(name);
        using var browser = new PageClient(fixture.Instance);
        await browser.SignInStaffAsync();

        var (missing, _) = await browser.PostAsync(fixture.PathOf(route), null, ("decision", "approve"));
        var (wrong, html) = await browser.PostAsync(fixture.PathOf(route), WrongToken(browser.Token!), ("decision", "approve"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Nothing was changed", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PartnerForms))]
    public async Task PartnerForm_OtherPartnerWrongTokenOrStaff_Refused404Or400Or403(string name)
    {
        var route = Route(name);
        using var partner = new PageClient(fixture.Instance);
        await partner.SignInPartnerAsync(fixture.PartnerA, fixture.KeyA);
        using var staff = new PageClient(fixture.Instance);
        await staff.SignInStaffAsync();

        var (other, _) = await partner.PostAsync(fixture.PathOf(route, fixture.PartnerB), partner.Token, ("name", "x"));
        var (missing, _) = await partner.PostAsync(fixture.PathOf(route, fixture.PartnerA), null, ("name", "x"));
        var (wrong, html) = await partner.PostAsync(fixture.PathOf(route, fixture.PartnerA), WrongToken(partner.Token!), ("name", "x"));
        var (byStaff, _) = await staff.PostAsync(fixture.PathOf(route, fixture.PartnerA), staff.Token, ("name", "x"));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Rien n'a été modifié", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byStaff.StatusCode);
    }

    // The session's token with its first character changed (a token starting with "x" stays wrong too).
    private static string WrongToken(string token) => (token[0] == 'x' ? "y" : "x") + token[1..];

    [Fact]
    public async Task SignOut_WithTheSessionsToken_EndsTheSession()
    {
        using var browser = new PageClient(fixture.Instance);
        await browser.SignInStaffAsync();
        var (refused, _) = await browser.PostAsync("/sign-out", "wrong-token");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).Response.StatusCode);

        var (signedOut, _) = await browser.PostAsync("/sign-out", browser.Token);
        var (after, _) = await browser.GetAsync("/staff");

        Assert.Equal("/sign-in?signedOut=1", signedOut.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
    }

    [Fact]
    public async Task Pages_AnswerWithNoStoreACspWithoutInlineScriptAndNoFraming()
    {
        using var browser = new PageClient(fixture.Instance);
        await browser.SignInStaffAsync();

        foreach (var path in new[] { "/sign-in", "/staff", "/staff/approvals", "/staff/runs", "/partner/" + fixture.PartnerA })
        {
            var (response, _) = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public async Task SignIn_WrongStaffKey_Returns401AndNoSession()
    {
        using var browser = new PageClient(fixture.Instance);
        await browser.GetAsync("/sign-in");

        var (response, html) = await browser.PostAsync("/sign-in/staff", browser.Token, ("key", "not-the-key"));
        var (after, _) = await browser.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("This staff key is not valid.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
    }

    [Fact]
    public async Task SignIn_FormWithoutThePreSessionCookiesToken_IsRefused()
    {
        using var browser = new PageClient(fixture.Instance);
        await browser.GetAsync("/sign-in");

        var (response, _) = await browser.PostAsync("/sign-in/staff", "forged-by-another-site", ("key", LocalHostContract.StaffKey));
        var (after, _) = await browser.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
    }

    private static ApiRoute Route(string name) => ApiRouteTable.Pages.Single(r => r.Name == name);

    /// <summary>A contract host with partners A and B, each with an API key.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();
        private LocalHostInstance? _host;

        public LocalHostInstance Instance => _host ?? throw new InvalidOperationException("Not started.");

        public string PartnerA { get; private set; } = "";

        public string KeyA { get; private set; } = "";

        public string PartnerB { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            _host = await LocalHostContract.StartAsync(_azurite, "memory");
            (PartnerA, KeyA) = await PageClient.NewPartnerWithKeyAsync(_host);
            (PartnerB, _) = await PageClient.NewPartnerWithKeyAsync(_host);
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }
        }

        /// <summary>The route's path with plausible values (partner B's id unless told).</summary>
        public string PathOf(ApiRoute route, string? partnerId = null)
        {
            var path = "/" + route.Template;
            foreach (var parameter in route.Parameters)
            {
                var value = parameter switch
                {
                    ApiRoute.PartnerIdParameter => partnerId ?? PartnerB,
                    "kind" => "reevaluation",
                    "fileName" => "summary.json",
                    _ => "x-" + parameter,
                };
                path = path.Replace("{" + parameter + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
            }

            return path;
        }

        public async Task<int> ApprovalCountAsync()
        {
            var approvals = Instance.Services.GetRequiredService<Domain.Persistence.IApprovalRepository>();
            return (await approvals.ListAsync(Domain.Persistence.ApprovalStatus.Pending, 10_000)).Count;
        }
    }
}
