using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.Workflows.Certification;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// The partner's certification pages on a real local host over Azurite and the real engine: the start form starts one
/// certification (303 to its page), a second start while it waits for the program team is refused with 409 and starts
/// nothing, the timeline follows the run to its outcome, and the outcome email links to the page.
/// </summary>
public sealed class CertificationPageTests : LocalHostPageTest
{
    private const string Competency = "encryption";

    private DurableTaskClient Engine => Host.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task StartForm_NoReferenceToReview_Redirects303AndTheTimelineEndsWithTheOutcomeAndAnEmailLinkingToThePage()
    {
        var (browser, partnerId) = await SignInAsync();
        using var _ = browser;
        var (before, beforeHtml) = await browser.GetAsync(Path(partnerId));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Contains("Pas encore demandée", WebUtility.HtmlDecode(beforeHtml), StringComparison.Ordinal);
        Assert.Contains("Aucune référence n'attend d'examen", WebUtility.HtmlDecode(beforeHtml), StringComparison.Ordinal);

        var (started, _) = await browser.PostAsync(Path(partnerId), browser.Token);
        await WaitForCompletionAsync(partnerId);
        var (_, html) = await browser.GetAsync(started.Headers.Location!.OriginalString);
        var (_, list) = await browser.GetAsync("/partner/" + partnerId + "/certifications");

        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        Assert.Equal(Path(partnerId) + "?started=1", started.Headers.Location!.OriginalString);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("Votre demande est reçue", text, StringComparison.Ordinal);
        Assert.Contains("Aucun niveau accordé.", text, StringComparison.Ordinal);
        Assert.Contains("Manque pour Principal", text, StringComparison.Ordinal);
        Assert.Equal(["done", "done", "skipped", "done", "done"], StepStates(html));
        Assert.DoesNotContain("data-poll=\"", html, StringComparison.Ordinal);
        Assert.Contains("La demander à nouveau", text, StringComparison.Ordinal);
        Assert.Contains("Terminée le", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
        var links = await OutcomeEmailLinksAsync(partnerId);
        Assert.Contains(Host.BaseUrl + Path(partnerId), links);
    }

    [Fact]
    public async Task StartForm_WhileTheFirstAwaitsTheProgramTeam_Returns409AndStartsNothingThenTheTimelineShowsTheApproval()
    {
        var (browser, partnerId) = await SignInAsync();
        using var _ = browser;
        using var reference = await Host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/references/r1", new { competencyId = Competency, customerName = "Mairie de Lorient", customerMarket = "midmarket", satisfaction = 4.5m });
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);

        var (first, _) = await browser.PostAsync(Path(partnerId), browser.Token);
        var approvalId = await WaitForApprovalRequestAsync(partnerId);
        var createdAt = (await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, Competency)))!.CreatedAt;
        var (second, waitingHtml) = await browser.PostAsync(Path(partnerId), browser.Token);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var waiting = WebUtility.HtmlDecode(waitingHtml);
        Assert.Contains("déjà en cours : rien de nouveau n'a été lancé", waiting, StringComparison.Ordinal);
        Assert.Contains("1 référence(s) en attente de réponse", waiting, StringComparison.Ordinal);
        Assert.Equal(["done", "done", "current", "upcoming", "upcoming"], StepStates(waitingHtml));
        Assert.Contains($"data-poll=\"{Path(partnerId)}\"", waitingHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("La demander à nouveau", waiting, StringComparison.Ordinal);
        Assert.Equal(createdAt, (await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, Competency)))!.CreatedAt);

        using var decision = await Host.Http.PostAsJsonAsync($"/api/staff/approvals/{approvalId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        await WaitForCompletionAsync(partnerId);
        var (_, doneHtml) = await browser.GetAsync(Path(partnerId));

        Assert.Equal(["done", "done", "done", "done", "done"], StepStates(doneHtml));
        Assert.Contains("1 validée(s), 0 refusée(s), 0 sans réponse.", WebUtility.HtmlDecode(doneHtml), StringComparison.Ordinal);
        Assert.Contains("Approuvée", WebUtility.HtmlDecode(doneHtml), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_StaffUnknownCompetencyAndList_StaffReadOnlyIn404AndEveryCompetencyListed()
    {
        var (browser, partnerId) = await SignInAsync();
        using var _ = browser;
        using var staff = new PageClient(Host);
        await staff.SignInStaffAsync();

        var (unknown, _) = await browser.GetAsync("/partner/" + partnerId + "/certifications/no-such-competency");
        var (unknownStart, _) = await browser.PostAsync("/partner/" + partnerId + "/certifications/no-such-competency", browser.Token);
        var (staffView, staffHtml) = await staff.GetAsync(Path(partnerId));
        var (_, list) = await browser.GetAsync("/partner/" + partnerId + "/certifications");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStart.StatusCode);
        Assert.Null(await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, "no-such-competency")));
        Assert.Equal(HttpStatusCode.OK, staffView.StatusCode);
        Assert.Contains("c'est le partenaire qui demande ses certifications", WebUtility.HtmlDecode(staffHtml), StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" action=\"/partner/", staffHtml, StringComparison.Ordinal);
        Assert.Equal(12, System.Text.RegularExpressions.Regex.Count(list, $"href=\"/partner/{partnerId}/certifications/[a-z-]+\""));
        Assert.Contains("Non demandée", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
    }

    private static string Path(string partnerId) => $"/partner/{partnerId}/certifications/{Competency}";

    private static string[] StepStates(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<li class=\"step-([a-z]+)\"").Select(m => m.Groups[1].Value).ToArray();

    private async Task<(PageClient Browser, string PartnerId)> SignInAsync()
    {
        var (partnerId, key) = await PageClient.NewPartnerWithKeyAsync(Host);
        var browser = new PageClient(Host);
        await browser.SignInPartnerAsync(partnerId, key);
        await browser.GetAsync(Path(partnerId));
        return (browser, partnerId);
    }

    private async Task WaitForCompletionAsync(string partnerId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var done = await Engine.WaitForInstanceCompletionAsync(CertificationRules.InstanceIdFor(partnerId, Competency), timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    private async Task<string> WaitForApprovalRequestAsync(string partnerId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = await CertificationStatusReader.ReadAsync(Engine, partnerId, Competency, timeout.Token);
            if (status?.CustomStatus is { Step: CertificationSteps.AwaitingApprovals, PendingApprovals: [var pending, ..] })
            {
                return pending.ApprovalId;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<IReadOnlyList<string>> OutcomeEmailLinksAsync(string partnerId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var mails = await Host.Http.GetFromJsonAsync<JsonElement>(MailPages.JsonListPath, timeout.Token);
            var links = mails.EnumerateArray()
                .SelectMany(m => m.GetProperty("links").EnumerateArray().Select(l => l.GetString()!))
                .Where(l => l.Contains(partnerId, StringComparison.Ordinal))
                .ToArray();
            if (links.Length > 0)
            {
                return links;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
