using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.Migration;

[Collection(WorkflowTestCollection.Name)]
public sealed class MigrationWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Migration_SendEmails_ReportMatchesMapperPreviewsSentAndNextReminderWaitsOnTimer()
    {
        var options = new WorkflowTestHostOptions { Output = output };
        options.Settings["Workflows:PartnersPerBatch"] = "10";
        await using var host = await WorkflowTestHost.StartAsync(azurite, options);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Effective in 10 days; reminders 30 and 20 days before are past (only the 20-day one goes, at once), the
        // 5-day one waits on a durable timer.
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["effectiveDate"] = today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        json["migrationReminderDays"] = new JsonArray(30, 20, 5);
        var definition = await host.SeedDefinitionAsync(json.ToJsonString());
        var partners = await host.SeedDemoPartnersAsync(definition, 30);

        var starter = host.GetRequiredService<MigrationStarter>();
        var response = await ApiCall.SendAsync(host.Services, () => starter.StartAsync(ApiCall.Request(host.Services, "POST", new { sendEmails = true }), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(202, response.Status);
        var instanceId = response.Json.GetProperty("instanceId").GetString()!;

        var waiting = await host.WaitForAsync(
            instanceId,
            m => m.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
                || m.ReadCustomStatusAs<RunCustomStatus>()?.Phase == RunPhases.AwaitingReminder,
            TimeSpan.FromMinutes(2));
        Assert.True(waiting.RuntimeStatus == OrchestrationRuntimeStatus.Running, waiting.FailureDetails?.ErrorMessage);
        var status = waiting.ReadCustomStatusAs<RunCustomStatus>()!;
        Assert.Contains("reminder 5 days before", status.Detail, StringComparison.Ordinal);

        // Expected with the domain alone.
        var previews = partners.Select(p => MigrationMapper.Preview(definition, p)).ToArray();
        var reports = host.GetRequiredService<RunReports>();
        var summaryFile = await reports.ReadAsync(WorkflowRunKind.Migration, instanceId, MigrationReportActivity.SummaryFile);
        Assert.NotNull(summaryFile);
        var summary = JsonSerializer.Deserialize<MigrationReport>(summaryFile.Content.Span, RunReports.Json)!;
        Assert.Equal(30, summary.Partners);
        Assert.Equal(previews.Count(p => p.Outcome == MigrationOutcome.Keep), summary.Keep);
        Assert.Equal(previews.Count(p => p.Outcome == MigrationOutcome.Gain), summary.Gain);
        Assert.Equal(previews.Count(p => p.Outcome == MigrationOutcome.Lose), summary.Lose);
        Assert.Equal(previews.Count(p => p.Migrates), summary.Migrates);
        Assert.Equal(decimal.Round((decimal)previews.Count(p => p.Migrates) / 30, 4), summary.MigratingShare);
        foreach (var tier in Enum.GetValues<Tier>())
        {
            Assert.Equal(previews.Count(p => p.LegacyTier == tier), summary.PerLegacyTier.GetValueOrDefault(tier.ToString()));
            Assert.Equal(previews.Count(p => p.ProposedTier == tier), summary.PerProposedTier.GetValueOrDefault(tier.ToString()));
        }

        Assert.Equal(30, summary.PreviewsSent);
        Assert.Equal(3, summary.PreviewFiles.Count);

        // One CSV line and one stored preview per partner.
        var csv = Encoding.UTF8.GetString((await reports.ReadAsync(WorkflowRunKind.Migration, instanceId, MigrationReportActivity.CsvFile))!.Content.Span)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, csv.Length);
        var stored = new List<MigrationPreview>();
        foreach (var name in summary.PreviewFiles)
        {
            var lines = Encoding.UTF8.GetString((await reports.ReadAsync(WorkflowRunKind.Migration, instanceId, name))!.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            stored.AddRange(lines.Select(l => JsonSerializer.Deserialize<MigrationPreview>(l, RunReports.JsonLine)!));
        }

        Assert.Equal(previews.Select(p => (p.PartnerId, p.ProposedTier, p.Outcome)).Order(), stored.Select(p => (p.PartnerId, p.ProposedTier, p.Outcome)).Order());

        // Emails: every partner got its preview and the (collapsed) 20-day reminder, once.
        var outbox = host.GetRequiredService<INotificationOutbox>();
        var definitionRef = new Common.DefinitionRef(definition.Id, definition.Version);
        var previewRows = await outbox.ListByInstanceAsync(MigrationEmails.PreviewInstance(definitionRef));
        var reminderRows = await outbox.ListByInstanceAsync(MigrationEmails.ReminderInstance(definitionRef));
        Assert.Equal(30, previewRows.Count(r => r.State == NotificationState.Sent && r.Template == NotificationTemplates.MigrationPreview));
        Assert.Equal(30, reminderRows.Count(r => r.State == NotificationState.Sent && r.Key.Step.StartsWith("reminder-20:", StringComparison.Ordinal)));
        Assert.Equal(60, host.Emails.Messages.Count);

        // The run record shows the reports while the run waits for its next reminder.
        var run = await host.GetRequiredService<IWorkflowRunRepository>().GetAsync(WorkflowRunKind.Migration, instanceId);
        Assert.NotNull(run);
        Assert.Equal(WorkflowRunStatus.Running, run.Status);
        Assert.Equal(RunPhases.AwaitingReminder, run.Progress.Phase);
        Assert.Equal(
            [MigrationReportActivity.SummaryFile, MigrationReportActivity.CsvFile, MigrationReportActivity.FlowsFile, MigrationReportActivity.FailedNotificationsFile],
            run.ReportBlobNames.Select(RunReports.FileNameOf));

        await host.Client.TerminateInstanceAsync(instanceId);
    }

    [Theory]
    [InlineData("2026-10-01T09:00:00", "")]
    [InlineData("2026-09-30T09:00:00", "1")]
    [InlineData("2026-09-30T07:00:00", "7,1")]
    [InlineData("2026-09-25T00:00:00", "7,1")]
    [InlineData("2026-09-26T00:00:00", "7,1")]
    [InlineData("2026-08-01T00:00:00", "30,7,1")]
    [InlineData("2026-09-10T00:00:00", "30,7,1")]
    public void Plan_FromNow_PastRemindersCollapseIntoOne(string now, string expected)
    {
        var plan = MigrationReminderSchedule.Plan([30, 7, 1], new DateOnly(2026, 10, 1), DateTime.Parse(now, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));

        Assert.Equal(expected, string.Join(',', plan));
    }

    [Fact]
    public async Task StartMigration_SendEmailsMissing_400AndNothingStarted()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        var starter = host.GetRequiredService<MigrationStarter>();

        var response = await ApiCall.SendAsync(host.Services, () => starter.StartAsync(ApiCall.Request(host.Services, "POST", "{}"), host.Client, TestApiAccess.AnonymousStaff));

        Assert.Equal(400, response.Status);
        Assert.Equal("sendEmails", response.Json.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Empty((await host.GetRequiredService<IWorkflowRunRepository>().ListAsync(WorkflowRunKind.Migration, 10, null)).Items);
    }
}
