using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.Workflows.Certification;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>
/// The partner's certification pages on a real local host over Azurite and the real engine: out of Principal's reach the
/// page says what is missing and a start is refused (422, nothing started); within reach the start form starts one
/// certification (303 to its page), a second start while it waits for the program team is refused with 409 and starts
/// nothing, the timeline follows the run to its outcome, and the outcome email links to the page.
/// </summary>
public sealed class CertificationPageTests : LocalHostPageTest
{
    private const string Competency = "encryption";

    private DurableTaskClient Engine => Host.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task StartForm_PrincipalOutOfReach_PageShowsWhatIsMissingAndAPostIs422StartingNothing()
    {
        var (browser, partnerId) = await SignInAsync();
        using var _ = browser;

        var (_, html) = await browser.GetAsync(Path(partnerId));
        var (refused, refusedHtml) = await browser.PostAsync(Path(partnerId), browser.Token);
        using var api = await Host.Http.PostAsync($"/api/partners/{partnerId}/certifications/{Competency}", null);
        using var problem = JsonDocument.Parse(await api.Content.ReadAsStringAsync());

        Assert.Contains("Pas encore possible de la demander", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("Demander la certification", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("La certification n'a pas été lancée", WebUtility.HtmlDecode(refusedHtml), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["accreditedPeople", "competencyRevenue", "validatedReferences"], problem.RootElement.GetProperty("missing").EnumerateArray().Select(m => m.GetProperty("clause").GetString()));
        Assert.Null(await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, Competency)));
    }

    [Fact]
    public async Task StartForm_WithinReach_Redirects303ASecondStartIs409AndTheTimelineFollowsTheApprovalToTheOutcomeAndItsEmail()
    {
        var (browser, partnerId) = await SignInAsync();
        using var _ = browser;
        await LocalHostContract.AddPrincipalPeopleAndRevenueAsync(Host, partnerId, Competency);
        using var reference = await Host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/references/r1", new { competencyId = Competency, customerName = "Mairie de Lorient", customerMarket = "midmarket", satisfaction = 4.5m });
        Assert.Equal(HttpStatusCode.Created, reference.StatusCode);
        var (_, beforeHtml) = await browser.GetAsync(Path(partnerId));
        Assert.Contains("Pas encore demandée", WebUtility.HtmlDecode(beforeHtml), StringComparison.Ordinal);
        Assert.Contains("1 référence ira à l'équipe du programme", WebUtility.HtmlDecode(beforeHtml), StringComparison.Ordinal);

        var (first, _) = await browser.PostAsync(Path(partnerId), browser.Token);
        var approvalId = await WaitForApprovalRequestAsync(partnerId);
        var createdAt = (await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, Competency)))!.CreatedAt;
        var (_, startedHtml) = await browser.GetAsync(first.Headers.Location!.OriginalString);
        var (second, waitingHtml) = await browser.PostAsync(Path(partnerId), browser.Token);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(Path(partnerId) + "?started=1", first.Headers.Location!.OriginalString);
        Assert.Contains("Votre demande est reçue", WebUtility.HtmlDecode(startedHtml), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var waiting = WebUtility.HtmlDecode(waitingHtml);
        Assert.Contains("déjà en cours : rien de nouveau n'a été lancé", waiting, StringComparison.Ordinal);
        Assert.Contains("1 référence en attente de réponse", waiting, StringComparison.Ordinal);
        Assert.Equal(["done", "done", "current", "upcoming", "upcoming"], StepStates(waitingHtml));
        Assert.Contains($"data-poll=\"{Path(partnerId)}\"", waitingHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("La demander à nouveau", waiting, StringComparison.Ordinal);
        Assert.Equal(createdAt, (await Engine.GetInstanceAsync(CertificationRules.InstanceIdFor(partnerId, Competency)))!.CreatedAt);

        using var decision = await Host.Http.PostAsJsonAsync($"/api/staff/approvals/{approvalId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        await WaitForCompletionAsync(partnerId);
        var (_, doneHtml) = await browser.GetAsync(Path(partnerId));
        var (_, list) = await browser.GetAsync("/partner/" + partnerId + "/certifications");

        var done = WebUtility.HtmlDecode(doneHtml);
        Assert.Equal(["done", "done", "done", "done", "done"], StepStates(doneHtml));
        Assert.Contains("1 validée, 0 refusée, 0 sans réponse.", done, StringComparison.Ordinal);
        Assert.Contains("Niveau accordé : Principal.", done, StringComparison.Ordinal);
        Assert.Contains("Approuvée", done, StringComparison.Ordinal);
        Assert.DoesNotContain("data-poll=\"", doneHtml, StringComparison.Ordinal);
        Assert.Contains("La demander à nouveau", done, StringComparison.Ordinal);
        Assert.Contains("Terminée le", WebUtility.HtmlDecode(list), StringComparison.Ordinal);
        Assert.True(await EmailLinksToAsync(Host.BaseUrl + Path(partnerId)), "the outcome email links to the certification's page");
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

    // True once a captured email links to the page (false after a minute without one).
    private async Task<bool> EmailLinksToAsync(string url)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < until)
        {
            var mails = await Host.Http.GetFromJsonAsync<JsonElement>(MailPages.JsonListPath);
            if (mails.EnumerateArray().SelectMany(m => m.GetProperty("links").EnumerateArray()).Any(l => l.GetString() == url))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
