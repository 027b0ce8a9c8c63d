using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Tests.Support;
using PartnerFunctions.Workflows.TierEvaluation;
using Xunit;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Reevaluation;

[Collection(WorkflowTestCollection.Name)]
public sealed class ReevaluationWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Nightly_SixtyGeneratedPartners_DecisionsEmailsAndReportMatchTheDomain()
    {
        // One partner per page: 60 page activities, so the run also continues as new with its totals.
        await using var host = await StartHostAsync(partnersPerBatch: 1);
        var definition = await host.SeedDefinitionAsync();
        var today = Today();
        var partners = await host.SeedDemoPartnersAsync(definition, 60);

        var expected = Expected(definition, partners, today);
        Assert.True(expected.Upgraded > 0, "the generated partners should include upgrades");
        Assert.True(expected.GraceStarted > 0, "the generated partners should include stored tiers above the evidence");

        var starter = host.GetRequiredService<ReevaluationStarter>();
        var start = await starter.StartAsync(host.Client, today, "tests");
        Assert.True(start.Started);
        var done = await host.WaitForCompletionAsync(start.InstanceId, RunTimeout);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var summary = done.ReadOutputAs<ReevaluationSummary>()!;

        Assert.Equal(60, summary.Partners);
        Assert.Equal(60, summary.Counts.Evaluated);
        Assert.Equal(expected.Upgraded, summary.Counts.Upgraded);
        Assert.Equal(expected.GraceStarted, summary.Counts.GraceStarted);
        Assert.Equal(0, summary.Counts.Downgraded);
        // Never evaluated before: every partner gets a decision recording the definition version it was evaluated under.
        Assert.Equal(60, summary.Counts.DecisionsWritten);
        Assert.Equal(expected.Upgraded + expected.GraceStarted, summary.Counts.EmailsSent);
        Assert.Equal(expected.Reminders, summary.Counts.RemindersSent);
        Assert.Equal(0, summary.Counts.Failures);
        Assert.Equal(definition.VersionTag, summary.DefinitionVersion);

        // Every partner now holds what the policy says, with this run's decision.
        var profiles = await host.GetRequiredService<IPartnerRepository>().GetProfilesAsync(partners.Select(p => p.Partner.Id));
        foreach (var partner in partners)
        {
            var state = profiles[partner.Partner.Id].Status.TierState;
            Assert.Equal(expected.States[partner.Partner.Id], state);
        }

        // The emails went out: one per tier change, one per due reminder.
        Assert.Equal(expected.Upgraded + expected.GraceStarted + expected.Reminders, host.Emails.Messages.Count);

        // The report: summary.json with the totals, changes.csv with one line per changed partner.
        var reports = host.GetRequiredService<RunReports>();
        var summaryFile = await reports.ReadAsync(WorkflowRunKind.Reevaluation, start.InstanceId, ReevaluationReportActivity.SummaryFile);
        Assert.NotNull(summaryFile);
        Assert.Equal(RunReports.JsonContentType, summaryFile.ContentType);
        using (var json = JsonDocument.Parse(summaryFile.Content))
        {
            var counts = json.RootElement.GetProperty("counts");
            Assert.Equal(expected.Upgraded, counts.GetProperty("upgraded").GetInt32());
            Assert.Equal(expected.GraceStarted, counts.GetProperty("graceStarted").GetInt32());
            Assert.Equal(60, counts.GetProperty("evaluated").GetInt32());
            Assert.Equal(definition.VersionTag, json.RootElement.GetProperty("definitionVersion").GetString());
        }

        var changes = await ReadLinesAsync(reports, start.InstanceId, ReevaluationReportActivity.ChangesFile);
        Assert.Equal(string.Join(',', ReevaluationPageActivity.ChangesHeader), changes[0]);
        Assert.Equal(expected.Changed, changes.Count - 1);
        var upgradedLines = changes.Count(l => l.Contains(",Upgraded,", StringComparison.Ordinal));
        Assert.Equal(expected.Upgraded, upgradedLines);
        var failedNotifications = await ReadLinesAsync(reports, start.InstanceId, ReevaluationReportActivity.FailedNotificationsFile);
        Assert.Single(failedNotifications);

        // The run record: completed, 60/60, the four reports (summary, changes, failed notifications, duplicates).
        var run = await host.GetRequiredService<IWorkflowRunRepository>().GetAsync(WorkflowRunKind.Reevaluation, start.InstanceId);
        Assert.NotNull(run);
        Assert.Equal(WorkflowRunStatus.Completed, run.Status);
        Assert.Equal(new RunProgress(60, 60, RunPhases.Completed), run.Progress);
        Assert.Equal("tests", run.StartedBy);
        Assert.Equal(4, run.ReportBlobNames.Count);
        Assert.Contains(run.ReportBlobNames, n => n.EndsWith("/" + ReevaluationReportActivity.DuplicatesFile, StringComparison.Ordinal));
        Assert.Equal(RunCustomStatus.Of(RunPhases.Completed, 60, 60), done.ReadCustomStatusAs<RunCustomStatus>());
    }

    [Fact]
    public async Task StartFromStaff_TwiceSameDate_SecondAnswersWithTheFirstRun()
    {
        await using var host = await StartHostAsync();
        var definition = await host.SeedDefinitionAsync();
        await host.SeedDemoPartnersAsync(definition, 5);
        var starter = host.GetRequiredService<ReevaluationStarter>();
        var date = Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var first = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST", new { date }), host.Client, TestApiAccess.AnonymousStaff));
        var second = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST", new { date }), host.Client, TestApiAccess.AnonymousStaff));

        var instanceId = ReevaluationStarter.InstanceIdFor(Today());
        Assert.Equal(202, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(instanceId, first.Json.GetProperty("instanceId").GetString());
        Assert.Equal(instanceId, second.Json.GetProperty("instanceId").GetString());
        Assert.False(second.Json.GetProperty("started").GetBoolean());
        var statusUrl = $"{WorkflowTestHost.PublicBaseUrl}/api/staff/runs/reevaluation/{instanceId}";
        Assert.Equal(statusUrl, first.Location);
        Assert.Equal(statusUrl, second.Location);
        Assert.Equal(statusUrl, second.Json.GetProperty("statusUrl").GetString());

        var done = await host.WaitForCompletionAsync(instanceId, RunTimeout);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        // Started once: one execution, whose report counts every partner once.
        Assert.Equal(5, done.ReadOutputAs<ReevaluationSummary>()!.Counts.Evaluated);
        var third = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST"), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(200, third.Status);
        Assert.Equal("Completed", third.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal(done.CreatedAt, (await host.Client.GetInstanceAsync(instanceId))!.CreatedAt);
    }

    [Fact]
    public async Task StartFromStaff_FutureDateOrNoDefinition_RejectedAndNothingStarted()
    {
        await using var host = await StartHostAsync();
        var starter = host.GetRequiredService<ReevaluationStarter>();

        var noDefinition = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST"), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(409, noDefinition.Status);

        await host.SeedDefinitionAsync();
        var tomorrow = Today().AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var future = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST", new { date = tomorrow }), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(400, future.Status);
        Assert.Equal("date", future.Json.GetProperty("errors")[0].GetProperty("field").GetString());

        var unknownField = await ApiCall.SendAsync(host.Services, () => starter.StartFromStaffAsync(ApiCall.Request(host.Services, "POST", "{\"day\":\"2026-01-01\"}"), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(400, unknownField.Status);

        Assert.Null(await host.Client.GetInstanceAsync(ReevaluationStarter.InstanceIdFor(Today())));
        Assert.Null(await host.Client.GetInstanceAsync(ReevaluationStarter.InstanceIdFor(Today().AddDays(1))));
    }

    [Fact]
    public async Task Nightly_RunOnTwoDays_ThirtyDayExpiryReminderSentOnce()
    {
        await using var host = await StartHostAsync();
        var definition = await host.SeedDefinitionAsync();
        var today = Today();
        var yesterday = today.AddDays(-1);

        // Alice's accreditation has 30 days left yesterday and 29 today: both in the 30-day window, one reminder.
        // Bob's has 61 days left yesterday (90-day window) and 60 today (60-day window): one reminder each night.
        var builder = new PartnerEvidenceBuilder("fr-reminders");
        var evidence = builder.Build();
        evidence = evidence with
        {
            People =
            [
                new Person("fr-reminders-alice", "Alice Martin", today.AddYears(-5), null, [new Accreditation("encryption", today.AddMonths(-23), today.AddDays(29))]),
                new Person("fr-reminders-bob", "Bob Durand", today.AddYears(-5), null, [new Accreditation("encryption", today.AddMonths(-22), today.AddDays(60))]),
            ],
        };
        await host.SeedPartnerAsync(evidence);

        var starter = host.GetRequiredService<ReevaluationStarter>();
        var first = await RunAsync(host, starter, yesterday);
        var second = await RunAsync(host, starter, today);

        Assert.Equal(2, first.Counts.RemindersSent);
        Assert.Equal(1, second.Counts.RemindersSent);
        var toPartner = host.Emails.To(builder.Email);
        Assert.Single(toPartner, m => m.Subject.Contains("Alice Martin", StringComparison.Ordinal));
        Assert.Equal(2, toPartner.Count(m => m.Subject.Contains("Bob Durand", StringComparison.Ordinal)));
        Assert.Contains(toPartner, m => m.Subject.Contains("expiring in 30 days", StringComparison.Ordinal) && m.Subject.Contains("Alice", StringComparison.Ordinal));

        // The outbox keys are the same across nights for the same window.
        var outbox = host.GetRequiredService<INotificationOutbox>();
        var entries = await outbox.ListByInstanceAsync(DueReminder.OutboxInstance);
        Assert.Contains(entries, e => e.Key.Step.StartsWith("fr-reminders-alice:encryption:", StringComparison.Ordinal) && e.Key.Step.EndsWith(":30", StringComparison.Ordinal));
        Assert.Equal(3, entries.Count(e => e.Key.Step.StartsWith("fr-reminders-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(91, null)]
    [InlineData(90, 90)]
    [InlineData(61, 90)]
    [InlineData(60, 60)]
    [InlineData(31, 60)]
    [InlineData(30, 30)]
    [InlineData(1, 30)]
    [InlineData(0, 30)]
    [InlineData(-1, null)]
    public void Due_DaysLeft_ReminderOfItsWindow(int daysLeft, int? offset)
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var asOf = new DateOnly(2026, 10, 1);
        var evidence = new PartnerEvidence(
            new Partner("p1", "P1", "FR", "fr", "p1@example.com", [], Tier.Registered),
            [new Person("p1-a", "A", asOf.AddYears(-3), null, [new Accreditation("encryption", asOf.AddMonths(-20), asOf.AddDays(daysLeft))])],
            [],
            []);

        var due = AccreditationReminders.Due(definition, evidence, asOf);

        Assert.Equal(offset, due.SingleOrDefault()?.Offset);
    }

    [Fact]
    public void Due_RenewedOrLeftPerson_NoReminder()
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var asOf = new DateOnly(2026, 10, 1);
        var evidence = new PartnerEvidence(
            new Partner("p1", "P1", "FR", "fr", "p1@example.com", [], Tier.Registered),
            [
                new Person("renewed", "R", asOf.AddYears(-3), null, [new Accreditation("encryption", asOf.AddMonths(-23), asOf.AddDays(20)), new Accreditation("encryption", asOf.AddMonths(-1), null)]),
                new Person("left", "L", asOf.AddYears(-3), asOf.AddDays(-1), [new Accreditation("encryption", asOf.AddMonths(-23), asOf.AddDays(20))]),
                new Person("unknown", "U", asOf.AddYears(-3), null, [new Accreditation("not-a-competency", asOf.AddMonths(-23), asOf.AddDays(20))]),
            ],
            [],
            []);

        Assert.Empty(AccreditationReminders.Due(definition, evidence, asOf));
    }

    private static async Task<ReevaluationSummary> RunAsync(WorkflowTestHost host, ReevaluationStarter starter, DateOnly date)
    {
        var start = await starter.StartAsync(host.Client, date, "tests");
        var done = await host.WaitForCompletionAsync(start.InstanceId, RunTimeout);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        return done.ReadOutputAs<ReevaluationSummary>()!;
    }

    private Task<WorkflowTestHost> StartHostAsync(int partnersPerBatch = 50)
    {
        var options = new WorkflowTestHostOptions { Output = output };
        options.Settings["Workflows:PartnersPerBatch"] = partnersPerBatch.ToString(CultureInfo.InvariantCulture);
        return WorkflowTestHost.StartAsync(azurite, options);
    }

    private static DateOnly Today() => DateOnly.FromDateTime(DateTime.UtcNow);

    private static async Task<IReadOnlyList<string>> ReadLinesAsync(RunReports reports, string runId, string fileName)
    {
        var file = await reports.ReadAsync(WorkflowRunKind.Reevaluation, runId, fileName);
        Assert.NotNull(file);
        return Encoding.UTF8.GetString(file.Content.Span).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private static ExpectedNight Expected(ProgramDefinition definition, IReadOnlyList<PartnerEvidence> partners, DateOnly asOf)
    {
        int upgraded = 0, grace = 0, changed = 0, reminders = 0;
        var states = new Dictionary<string, TierState>(StringComparer.Ordinal);
        foreach (var evidence in partners)
        {
            var evaluation = PartnerEvaluator.Evaluate(definition, evidence, asOf);
            var change = TierChangePolicy.Apply(TierState.Holding(evidence.Partner.LegacyTier), evaluation.Tier, asOf, definition.Downgrade);
            upgraded += change.Kind == TierChangeKind.Upgraded ? 1 : 0;
            grace += change.Kind == TierChangeKind.GracePeriodStarted ? 1 : 0;

            // Partners were never evaluated: any held level is a change of levels.
            changed += change.Kind != TierChangeKind.Unchanged || PartnerTierService.LevelsOf(evaluation).Count > 0 ? 1 : 0;
            reminders += AccreditationReminders.Due(definition, evidence, asOf).Count;
            states[evidence.Partner.Id] = change.State;
        }

        return new ExpectedNight(upgraded, grace, changed, reminders, states);
    }

    private sealed record ExpectedNight(int Upgraded, int GraceStarted, int Changed, int Reminders, Dictionary<string, TierState> States);
}
