using System.Globalization;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerFunctions.Browser.Tests.Support;
using PartnerFunctions.Workflows.Certification;
using Xunit.Abstractions;

namespace PartnerFunctions.Browser.Tests.Console;

/// <summary>
/// A partner's certification in chromium: a French partner with Principal's people and revenue and a customer reference
/// opens "Mes certifications", requests the certification of Encryption, and watches its timeline on the open page (no
/// reload) go from waiting for the program team to the outcome once staff approve the reference, with the reference and
/// the requirements updated too. Axe on each state.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class PartnerCertificationBrowserTests(Chromium chromium, BrowserHost host, ITestOutputHelper output)
{
    [Fact]
    public async Task Certification_PartnerRequestsItAndStaffApprove_TheOpenPagesTimelineFollowsToTheOutcome()
    {
        var partnerId = "ce-" + Guid.NewGuid().ToString("N")[..8];
        var key = await NewPartnerWithReferenceAsync(partnerId);
        await using var partner = await BrowserTab.OpenAsync(chromium, "partner");
        await PartnerSignIn.WithKeyAsync(partner, host, key);
        await partner.Page.GetByRole(AriaRole.Link, new() { Name = "Mes certifications" }).ClickAsync();
        await partner.Page.WaitForURLAsync($"**/partner/{partnerId}/certifications");
        await AxeAsync(partner);
        await partner.Page.GetByRole(AriaRole.Link, new() { Name = "Encryption" }).ClickAsync();
        await partner.Page.WaitForURLAsync($"**/partner/{partnerId}/certifications/encryption");
        Assert.Contains("1 référence ira à l'équipe du programme", await partner.Page.Locator("#certification-progress").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAsync(partner);

        // Requested: the page says so and shows the run waiting for the program team.
        await partner.SubmitAsync(partner.Page.GetByRole(AriaRole.Button, new() { Name = "Demander la certification" }), "requested");
        Assert.Contains("Votre demande est reçue", await partner.Page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        var progress = partner.Page.Locator("#certification-progress");
        await Assertions.Expect(progress.Locator("li[aria-current=step]")).ToContainTextAsync("Références examinées par l'équipe du programme", new() { Timeout = 60_000 });
        await Assertions.Expect(progress).ToContainTextAsync("1 référence en attente de réponse", new() { Timeout = 60_000 });
        await partner.ShotAsync("waiting");
        await AxeAsync(partner);

        // Staff approve: the open page follows to the outcome without a reload.
        var approvalId = await PendingApprovalAsync(partnerId);
        using var decision = await host.Staff.PostAsJsonAsync($"/api/staff/approvals/{approvalId}/decision", new { approve = true });
        decision.EnsureSuccessStatusCode();
        await Assertions.Expect(progress).ToContainTextAsync("1 validée, 0 refusée, 0 sans réponse.", new() { Timeout = 60_000 });
        await Assertions.Expect(progress).ToContainTextAsync("Niveau accordé : Principal.", new() { Timeout = 60_000 });
        await Assertions.Expect(progress.GetByRole(AriaRole.Button, new() { Name = "La demander à nouveau" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Null(await progress.GetAttributeAsync("data-poll"));
        await Assertions.Expect(partner.Page.Locator("#certification-references")).ToContainTextAsync("Approuvée");
        await Assertions.Expect(partner.Page.Locator("#certification-requirements")).ToContainTextAsync("Références clients validées: 1 sur 1");
        await partner.ShotAsync("outcome");
        await AxeAsync(partner);
        Assert.Empty(partner.PageErrors);
    }

    private async Task<string> NewPartnerWithReferenceAsync(string partnerId)
    {
        var key = await PartnerSignIn.NewFrenchPartnerWithKeyAsync(host, partnerId, "Chiffrement Atlantique");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var person in new[] { "pp1", "pp2" })
        {
            using var people = await host.Staff.PutAsJsonAsync($"/api/partners/{partnerId}/people/{person}", new { name = "Yann " + person, employedFrom = "2020-01-01", accreditations = new[] { new { competencyId = "encryption", completedOn = today.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } } });
            people.EnsureSuccessStatusCode();
        }

        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        using var revenue = await host.Staff.PutAsJsonAsync($"/api/partners/{partnerId}/revenue/pr1", new { competencyId = "encryption", period = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture), amount = 50_000m, currency = "EUR" });
        revenue.EnsureSuccessStatusCode();
        using var reference = await host.Staff.PutAsJsonAsync($"/api/partners/{partnerId}/references/r1", new { competencyId = "encryption", customerName = "Mairie de Lorient", customerMarket = "midmarket", satisfaction = 4.6m });
        reference.EnsureSuccessStatusCode();
        return key;
    }

    private async Task<string> PendingApprovalAsync(string partnerId)
    {
        var engine = host.Host.Services.GetRequiredService<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var status = await CertificationStatusReader.ReadAsync(engine, partnerId, "encryption", timeout.Token);
            if (status?.CustomStatus is { PendingApprovals: [var pending, ..] })
            {
                return pending.ApprovalId;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task AxeAsync(BrowserTab tab) => output.WriteLine((await Axe.AssertNoSeriousViolationsAsync(tab.Page)).ToString());
}
