using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Tests.Support;
using PartnerFunctions.Workflows.WhatIf;
using Xunit;
using Xunit.Abstractions;

namespace PartnerFunctions.Workflows.Tests.WhatIf;

[Collection(WorkflowTestCollection.Name)]
public sealed class WhatIfWorkflowTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task WhatIf_CandidateDefinition_MatrixMatchesDomainAndNothingIsWritten()
    {
        var options = new WorkflowTestHostOptions { Output = output };
        options.Settings["Workflows:PartnersPerBatch"] = "15";
        await using var host = await WorkflowTestHost.StartAsync(azurite, options);
        var active = await host.SeedDefinitionAsync();
        var partners = await host.SeedDemoPartnersAsync(active, 40);
        var repository = host.GetRequiredService<IPartnerRepository>();
        var before = await repository.GetProfilesAsync(partners.Select(p => p.Partner.Id));

        var candidateJson = CandidateJson();
        var candidate = ProgramDefinitionLoader.LoadOrThrow(candidateJson);
        var starter = host.GetRequiredService<WhatIfStarter>();
        var response = await ApiCall.SendAsync(host.Services, () => starter.StartAsync(ApiCall.Request(host.Services, "POST", candidateJson), host.Client, TestApiAccess.AnonymousStaff));
        Assert.Equal(202, response.Status);
        var instanceId = response.Json.GetProperty("instanceId").GetString()!;
        Assert.StartsWith("whatif-", instanceId, StringComparison.Ordinal);

        var done = await host.WaitForCompletionAsync(instanceId, TimeSpan.FromMinutes(2));
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);
        var summary = done.ReadOutputAs<WhatIfSummary>()!;

        // Expected with the domain alone, as of the run's day.
        var asOf = DateOnly.FromDateTime(summary.EvaluatedAt.UtcDateTime);
        var expected = WhatIfTally.Empty;
        foreach (var evidence in partners)
        {
            var snapshot = new PartnerSnapshot(before[evidence.Partner.Id], evidence);
            expected = expected.Plus(WhatIfPageActivity.Compare(snapshot, active, candidate, asOf));
        }

        Assert.True(expected.Movers > 0, "the candidate should move some partners");
        Assert.Equal(40, summary.Partners);
        Assert.Equal(expected.Movers, summary.Movers);

        var reports = host.GetRequiredService<RunReports>();
        var file = await reports.ReadAsync(WorkflowRunKind.WhatIf, instanceId, WhatIfReportActivity.SummaryFile);
        Assert.NotNull(file);
        var report = JsonSerializer.Deserialize<WhatIfReport>(file.Content.Span, RunReports.Json)!;
        foreach (var row in report.Matrix)
        {
            Assert.Equal(expected.Cell(row.CurrentTier, Tier.Registered), row.Registered);
            Assert.Equal(expected.Cell(row.CurrentTier, Tier.Silver), row.Silver);
            Assert.Equal(expected.Cell(row.CurrentTier, Tier.Gold), row.Gold);
            Assert.Equal(expected.Cell(row.CurrentTier, Tier.Platinum), row.Platinum);
        }

        Assert.Equal(40, report.Matrix.Sum(r => r.Total));
        foreach (var row in report.Competencies)
        {
            var movement = expected.Competencies[row.CompetencyId];
            Assert.Equal((movement.Gaining, movement.Losing, movement.HoldersCurrent, movement.HoldersCandidate), (row.Gaining, row.Losing, row.HoldersCurrent, row.HoldersCandidate));
        }

        Assert.Contains(report.Competencies, c => c.Gaining > 0);
        var movers = Encoding.UTF8.GetString((await reports.ReadAsync(WorkflowRunKind.WhatIf, instanceId, WhatIfReportActivity.MoversFile))!.Content.Span)
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Movers, movers.Length - 1);

        // No trace on partners: no decision, no status change, no outbox row, no email.
        var after = await repository.GetProfilesAsync(partners.Select(p => p.Partner.Id));
        foreach (var evidence in partners)
        {
            var id = evidence.Partner.Id;
            Assert.Empty((await repository.ListDecisionsAsync(id, 10, null)).Items);
            Assert.Equal(before[id].Status.TierState, after[id].Status.TierState);
            Assert.Empty(after[id].Status.CompetencyLevels);
            Assert.Null(after[id].Status.LastDecisionId);
            Assert.Equal(before[id].ETag, after[id].ETag);
        }

        Assert.Empty(await host.GetRequiredService<INotificationOutbox>().ListByInstanceAsync(instanceId));
        Assert.Empty(host.Emails.Messages);
        Assert.Equal(0, host.Emails.Attempts);

        // The run record and the runs API.
        var handlers = host.GetRequiredService<RunsHandlers>();
        var view = await ApiCall.SendAsync(host.Services, () => handlers.GetAsync(ApiCall.Request(host.Services, "GET"), "whatif", instanceId, host.Client));
        Assert.Equal(200, view.Status);
        Assert.Equal("Completed", view.Json.GetProperty("status").GetString());
        Assert.Equal(100, view.Json.GetProperty("percent").GetInt32());
        Assert.Equal(4, view.Json.GetProperty("reports").GetArrayLength());
        var csv = await ApiCall.SendAsync(host.Services, () => handlers.GetReportAsync(ApiCall.Request(host.Services, "GET"), "whatif", instanceId, WhatIfReportActivity.MoversFile));
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("partnerId,", csv.Body, StringComparison.Ordinal);
        var missing = await ApiCall.SendAsync(host.Services, () => handlers.GetReportAsync(ApiCall.Request(host.Services, "GET"), "whatif", instanceId, "nope.csv"));
        Assert.Equal(404, missing.Status);
        var list = await ApiCall.SendAsync(host.Services, () => handlers.ListAsync(ApiCall.Request(host.Services, "GET")));
        Assert.Contains(list.Json.GetProperty("items").EnumerateArray(), r => r.GetProperty("instanceId").GetString() == instanceId);
    }

    [Fact]
    public async Task StartWhatIf_InvalidCandidate_400WithEveryErrorPathAndNothingStarted()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        await host.SeedDefinitionAsync();
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["tiers"]![0]!["minRevenue"] = -1;
        json["competencies"]![1]!["levels"]!["expert"]!["minAccreditedPeople"] = 0;

        var starter = host.GetRequiredService<WhatIfStarter>();
        var response = await ApiCall.SendAsync(host.Services, () => starter.StartAsync(ApiCall.Request(host.Services, "POST", json.ToJsonString()), host.Client, TestApiAccess.AnonymousStaff));

        Assert.Equal(400, response.Status);
        var fields = response.Json.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToArray();
        Assert.Contains(fields, f => f!.StartsWith("tiers[0]", StringComparison.Ordinal));
        Assert.Contains(fields, f => f!.StartsWith("competencies[1]", StringComparison.Ordinal));
        var runs = host.GetRequiredService<IWorkflowRunRepository>();
        Assert.Empty((await runs.ListAsync(WorkflowRunKind.WhatIf, 10, null)).Items);
    }

    [Fact]
    public async Task WhatIf_CandidateWithACountryGroup_EvaluatesItsPartnersOnTheGroupsFigures()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new WorkflowTestHostOptions { Output = output });
        var active = await host.SeedDefinitionAsync();
        var partners = await host.SeedDemoPartnersAsync(active, 20); // demo partners are French
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["version"] = 2;
        json["countryGroups"]!.AsArray().Add(JsonNode.Parse("""{ "id": "france", "name": "France", "countries": ["FR"], "tiers": [ { "tier": "silver", "minRevenue": 0, "minCompetencies": 0 } ] }"""));

        var starter = host.GetRequiredService<WhatIfStarter>();
        var response = await ApiCall.SendAsync(host.Services, () => starter.StartAsync(ApiCall.Request(host.Services, "POST", json.ToJsonString()), host.Client, TestApiAccess.AnonymousStaff));
        var instanceId = response.Json.GetProperty("instanceId").GetString()!;
        var done = await host.WaitForCompletionAsync(instanceId, TimeSpan.FromMinutes(2));
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, done.FailureDetails?.ErrorMessage);

        // With Silver asking nothing in France, no French partner stays Registered under the candidate.
        var file = await host.GetRequiredService<RunReports>().ReadAsync(WorkflowRunKind.WhatIf, instanceId, WhatIfReportActivity.SummaryFile);
        var report = JsonSerializer.Deserialize<WhatIfReport>(file!.Content.Span, RunReports.Json)!;
        Assert.Equal(20, report.Matrix.Sum(r => r.Total));
        Assert.All(report.Matrix, row => Assert.Equal(0, row.Registered));
        var registeredToday = partners.Count(p => Domain.Evaluation.PartnerEvaluator.Evaluate(active, p, DateOnly.FromDateTime(done.LastUpdatedAt.UtcDateTime)).Tier == Tier.Registered);
        Assert.True(registeredToday > 0, "some demo partners should be Registered under the default figures");
    }

    /// <summary>The default definition as version 2 with a higher Silver revenue and an easier Principal level.</summary>
    private static string CandidateJson()
    {
        var json = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
        json["version"] = 2;
        json["description"] = "What-if: Silver needs 150,000 EUR; Principal needs 1 person and 20,000 EUR.";
        json["tiers"]![0]!["minRevenue"] = 150000;
        foreach (var competency in json["competencies"]!.AsArray())
        {
            competency!["levels"]!["principal"]!["minAccreditedPeople"] = 1;
            competency["levels"]!["principal"]!["minRevenue"] = 20000;
        }

        return json.ToJsonString();
    }
}
