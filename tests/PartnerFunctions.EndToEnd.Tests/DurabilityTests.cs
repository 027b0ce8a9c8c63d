using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace PartnerFunctions.EndToEnd.Tests;

/// <summary>
/// The local host is SIGKILLed (whole process tree, no shutdown code) in the middle of a workflow and started again on
/// the same Azurite, task hub and worker id: the workflow must complete, with nothing missing and nothing twice. Each
/// test has its own host process, storage prefix and task hub.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const string Competency = "endpoint-security-ent";

    [Fact]
    public async Task Certification_HostKilledWhileAwaitingApproval_RestartedHostCompletesItOnApproval()
    {
        await using var host = await HostUnderTest.StartAsync(CrashSettings());
        var definition = await Scenario.ActivateDefaultDefinitionAsync(host.Api);
        var partnerId = "dk-" + Guid.NewGuid().ToString("N")[..8];
        var partnerEmail = $"contact@{partnerId}.e2e.example";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var evidence = new Domain.Evidence.PartnerEvidence(
            new Domain.Evidence.Partner(partnerId, "Alpsécurité SAS", "FR", "fr", partnerEmail, ["tech-endpoint-security"], Domain.Program.Tier.Registered),
            [
                new Domain.Evidence.Person("p1", "Léa Petit", new DateOnly(2020, 1, 1), null, [new Domain.Evidence.Accreditation(Competency, today.AddDays(-30), null)]),
                new Domain.Evidence.Person("p2", "Hugo Roux", new DateOnly(2021, 1, 1), null, [new Domain.Evidence.Accreditation(Competency, today.AddDays(-40), null)]),
            ],
            Enumerable.Range(0, 12).Select(m => new Domain.Evidence.RevenueLine($"r{m:D2}", Competency, new DateOnly(today.Year, today.Month, 1).AddMonths(-m), 10_000m, "EUR")).ToArray(),
            []);
        await host.GetRequiredService<IPartnerRepository>().UpsertEvidenceAsync(evidence, "e2e");
        (await host.Api.PutAsync($"api/partners/{partnerId}/references/c1", new { competencyId = Competency, customerName = "Mairie de Brest", customerMarket = "enterprise", satisfaction = 4.2m })).Expect(201, 200);

        (await host.Api.PostAsync($"api/partners/{partnerId}/certifications/{Competency}")).Expect(202);
        await Scenario.WaitForCertificationAsync(host.Api, partnerId, Competency, c => Scenario.Step(c) == "awaiting-approvals", TimeSpan.FromSeconds(60));
        var approvalMail = (await CapturedMail.WaitForAsync(host.Api, m => m.IsTo(HostUnderTest.StaffApprover) && ApprovalLink.Find(m) is not null, TimeSpan.FromSeconds(30))).Single();

        // Crash while the workflow waits for the approver, then start again on the same store.
        var pid = host.Process.ProcessId;
        await host.KillAsync();
        var clock = Stopwatch.StartNew();
        await host.RestartAsync();
        output.WriteLine($"Killed host {pid}; restarted as {host.Process.ProcessId} in {clock.Elapsed.TotalSeconds:0.0} s");

        var answer = await ApprovalLink.Find(approvalMail)!.AnswerAsync(host.Api, approve: true);
        output.WriteLine($"Approval answered through the confirmation page: {answer.Status}");
        answer.Expect(200);
        var done = await Scenario.WaitForCertificationAsync(host.Api, partnerId, Competency, c => Scenario.IsFinished(Scenario.RuntimeStatus(c)), TimeSpan.FromSeconds(90));
        output.WriteLine($"Completed {clock.Elapsed.TotalSeconds:0.0} s after the restart");
        Assert.Equal("completed", Scenario.RuntimeStatus(done), ignoreCase: true);
        Assert.Equal("principal", Scenario.Str(done.GetProperty("output"), "levelGranted"), ignoreCase: true);

        // One decision, one approval request email, partner emails each once.
        var decisions = await host.GetRequiredService<IPartnerRepository>().ListDecisionsAsync(partnerId, 100, null);
        var decision = Assert.Single(decisions.Items);
        Assert.Equal(Domain.Program.Tier.Silver, decision.To);
        var mails = await CapturedMail.ListAsync(host.Api);
        Assert.Single(mails, m => m.IsTo(HostUnderTest.StaffApprover));
        var toPartner = mails.Where(m => m.IsTo(partnerEmail)).ToArray();
        Assert.NotEmpty(toPartner);
        Assert.Equal(toPartner.Length, toPartner.Select(m => m.IdempotencyKey ?? m.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(definition.VersionTag, decision.DefinitionVersion);
    }

    // A kill can land between the email provider accepting a page's call and the outbox recording it: after the send
    // lease, the redelivered page asks the provider (here the local SendGrid endpoint's activity lookup) about that
    // call and records those emails sent instead of sending them again.
    [Fact]
    public async Task Nightly_HostKilledMidRun_RestartedHostCompletesEveryPartnerOnceWithoutDuplicateEmails()
    {
        const int Partners = 300;
        var settings = CrashSettings();

        // Small pages, so the kill lands between and inside page activities of a run of many pages.
        settings.Settings["Workflows__PartnersPerBatch"] = "20";
        await using var host = await HostUnderTest.StartAsync(settings);
        var definition = await Scenario.SeedDefaultDefinitionAsync(host.GetRequiredService<IProgramDefinitionRepository>());
        await Scenario.SeedDemoPartnersAsync(host.GetRequiredService<IPartnerRepository>(), definition, Partners, "dn" + Guid.NewGuid().ToString("N")[..6] + "-", seed: 31);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expected = await NightlyChecks.ExpectAsync(host, definition, today);
        Assert.Equal(Partners, expected.Count);

        var started = (await host.Api.PostAsync("api/staff/reevaluations")).Expect(202).JsonBody;
        var runId = Scenario.Str(started, "instanceId")!;

        // Kill once a few pages are done (decisions and emails written) and well before the end.
        var progress = await Scenario.PollAsync(
            host.Api,
            $"api/staff/runs/reevaluation/{runId}",
            run => run.GetProperty("done").GetInt32() >= 60 || Scenario.IsFinished(Scenario.Str(run, "status")),
            TimeSpan.FromSeconds(120),
            TimeSpan.FromMilliseconds(100));
        var doneAtKill = progress.GetProperty("done").GetInt32();
        Assert.False(Scenario.IsFinished(Scenario.Str(progress, "status")), "The run finished before the host could be killed.");

        // A moment later the next page activity is under way: the kill lands inside it (some of its partners decided,
        // the rest not), so the restarted run must redo that page without doing any partner twice.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await host.KillAsync();
        var decidedAtKill = (await Scenario.ReadAllPartnersAsync(host.GetRequiredService<IPartnerRepository>()))
            .Count(p => p.Profile.Status.LastDecisionId == runId + ":" + p.PartnerId);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Killed the host with {doneAtKill}/{Partners} partners reported done and {decidedAtKill} decided"));

        var clock = Stopwatch.StartNew();
        await host.RestartAsync();
        JsonElement run;
        try
        {
            run = await Scenario.WaitForRunAsync(host.Api, "reevaluation", runId, TimeSpan.FromSeconds(150));
        }
        catch (TimeoutException)
        {
            output.WriteLine("Host output after the restart:\n" + host.Process.OutputTail);
            output.WriteLine(await TaskHubStateAsync(host));
            throw;
        }

        output.WriteLine($"Run {Scenario.Str(run, "status")} {clock.Elapsed.TotalSeconds:0.0} s after the restart");
        Assert.Equal("completed", Scenario.Str(run, "status"), ignoreCase: true);

        var summary = await NightlyChecks.VerifyAsync(host, runId, expected);
        output.WriteLine(summary.GetProperty("counts").ToString());
    }

    // What the task hub looks like when a run does not resume: partition leases and the instance row.
    private static async Task<string> TaskHubStateAsync(HostUnderTest host)
    {
        var text = new System.Text.StringBuilder("Task hub state:\n");
        var partitions = new Azure.Data.Tables.TableClient(host.Azurite.ConnectionString, host.TaskHub + "Partitions");
        await foreach (var row in partitions.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            text.AppendLine(string.Join(", ", row.Select(p => $"{p.Key}={p.Value}")));
        }

        var instances = new Azure.Data.Tables.TableClient(host.Azurite.ConnectionString, host.TaskHub + "Instances");
        await foreach (var row in instances.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey", "RuntimeStatus", "LastUpdatedTime", "ExecutionId"]))
        {
            text.AppendLine(string.Join(", ", row.Select(p => $"{p.Key}={p.Value}")));
        }

        return text.ToString();
    }

    // Crash recovery waits for queue messages taken by the killed process to become visible again: short timeouts
    // (pages take a few seconds) keep the test short. Ignored by a host that does not expose them.
    private static HostUnderTestOptions CrashSettings()
    {
        var options = new HostUnderTestOptions();
        options.Settings["LocalHost__WorkItemQueueVisibilityTimeout"] = "00:00:30";
        options.Settings["LocalHost__ControlQueueVisibilityTimeout"] = "00:00:30";

        // An email the killed host had claimed stays "being sent" for the send lease (4 min by default, sized for the
        // 5-min production redelivery); the redelivered page waits that out before claiming it. Scaled down with the
        // visibility timeouts above, so a kill in the middle of a send resumes within the test's wait.
        options.Settings["Notifications__SendLease"] = "00:00:20";
        return options;
    }
}
