using System.Globalization;
using PartnerFunctions.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace PartnerFunctions.EndToEnd.Tests;

/// <summary>README's walk-through, over real HTTP against the local host process.</summary>
[Collection(SharedHostGroup.Name)]
public sealed class WalkthroughTests(SharedHostFixture fixture, ITestOutputHelper output)
{
    private const string Competency = "endpoint-security-ent";

    [Fact]
    public async Task Walkthrough_EvidenceCertificationApprovedFromEmail_PartnerUpgradedToSilverAndEmailed()
    {
        var staff = fixture.Host.Api;
        var partnerId = "wt-" + Guid.NewGuid().ToString("N")[..8];
        var partnerEmail = $"contact@{partnerId}.e2e.example";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Staff register the partner and issue its API key; the partner registers its evidence with it: two
        // accredited people, 12 months of revenue (120,000 EUR) and a customer reference.
        (await staff.PutAsync($"api/partners/{partnerId}", new
        {
            name = "Cyberprotection Lyon SAS",
            country = "FR",
            language = "fr",
            email = partnerEmail,
            legacySpecializations = new[] { "tech-endpoint-security" },
            legacyTier = "registered",
        })).Expect(201);
        using var api = await fixture.Host.PartnerClientAsync(partnerId);
        foreach (var person in new[] { "p1", "p2" })
        {
            (await api.PutAsync($"api/partners/{partnerId}/people/{person}", new
            {
                name = "Camille Martin " + person,
                employedFrom = "2020-01-01",
                accreditations = new[] { new { competencyId = Competency, completedOn = Day(today.AddDays(-60)) } },
            })).Expect(200, 201);
        }

        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var m = 0; m < 12; m++)
        {
            (await api.PutAsync($"api/partners/{partnerId}/revenue/r{m:D2}", new
            {
                competencyId = Competency,
                period = thisMonth.AddMonths(-m).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                amount = 10_000m,
                currency = "EUR",
            })).Expect(200, 201);
        }

        (await api.PutAsync($"api/partners/{partnerId}/references/c1", new
        {
            competencyId = Competency,
            customerName = "Clinique du Parc, Lyon",
            customerMarket = "enterprise",
            satisfaction = 4.5m,
        })).Expect(200, 201);

        // Before the reference is validated, the evidence supports no competency: Registered.
        var before = (await api.GetAsync($"api/partners/{partnerId}/evaluation")).Expect(200).JsonBody;
        Assert.Equal("registered", Scenario.Str(before, "evaluatedTier"), ignoreCase: true);

        // Start the certification; it asks program staff to validate the reference by email and waits.
        (await api.PostAsync($"api/partners/{partnerId}/certifications/{Competency}")).Expect(202);
        await Scenario.WaitForCertificationAsync(api, partnerId, Competency, c => Scenario.Step(c) == "awaiting-approvals", TimeSpan.FromSeconds(60));

        // Program staff open the approval email and approve from its link.
        var status = (await api.GetAsync($"api/partners/{partnerId}/certifications/{Competency}")).Expect(200).JsonBody;
        var approvalId = status.GetProperty("customStatus").GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString()!;
        var approvalMail = (await CapturedMail.WaitForAsync(staff, m => m.IsTo(HostUnderTest.StaffApprover) && ApprovalLink.Find(m)?.ApprovalId == approvalId, TimeSpan.FromSeconds(30))).Single();
        var answer = await ApprovalLink.Find(approvalMail)!.AnswerAsync(staff, approve: true);
        output.WriteLine($"Approval answered through the confirmation page: {answer.Status}");
        answer.Expect(200);

        // The certification completes: Principal granted, tier decision Silver, partner emailed.
        var done = await Scenario.WaitForCertificationAsync(api, partnerId, Competency, c => Scenario.IsFinished(Scenario.RuntimeStatus(c)), TimeSpan.FromSeconds(90));
        Assert.Equal("completed", Scenario.RuntimeStatus(done), ignoreCase: true);
        var result = done.GetProperty("output");
        Assert.Equal("principal", Scenario.Str(result, "levelGranted"), ignoreCase: true);
        Assert.Equal("silver", Scenario.Str(result, "tier"), ignoreCase: true);

        var evaluation = (await api.GetAsync($"api/partners/{partnerId}/evaluation")).Expect(200).JsonBody;
        Assert.Equal("silver", Scenario.Str(evaluation, "evaluatedTier"), ignoreCase: true);
        Assert.Equal("silver", Scenario.Str(evaluation.GetProperty("heldTierState"), "current"), ignoreCase: true);

        var decisions = (await api.GetAsync($"api/partners/{partnerId}/decisions")).Expect(200).JsonBody.GetProperty("items").EnumerateArray().ToArray();
        var decision = Assert.Single(decisions);
        Assert.Equal("registered", Scenario.Str(decision, "from"), ignoreCase: true);
        Assert.Equal("silver", Scenario.Str(decision, "to"), ignoreCase: true);

        var partnerMails = await CapturedMail.WaitForAsync(staff, m => m.IsTo(partnerEmail), TimeSpan.FromSeconds(30));
        output.WriteLine(string.Join("\n", partnerMails.Select(m => $"to partner: {m.Subject} ({m.IdempotencyKey})")));
        Assert.Equal(partnerMails.Count, partnerMails.Select(m => m.IdempotencyKey ?? m.Id).Distinct(StringComparer.Ordinal).Count());
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
