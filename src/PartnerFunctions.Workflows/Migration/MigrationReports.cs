using System.Text.Json;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>A migration run's stored report as the console shows it.</summary>
/// <param name="Flows">Null for a run whose report was written before flows.json existed.</param>
public sealed record MigrationReportView(RunView Run, MigrationReport Summary, MigrationFlows? Flows);

/// <summary>Reads migration reports (summary.json and flows.json of a run): the console's report page and its dashboard.</summary>
public sealed class MigrationReports(RunsHandlers runs, RunReports reports)
{
    /// <summary>The newest migration run that has written its report, or null.</summary>
    public async Task<RunView?> LatestReportedAsync(CancellationToken cancellationToken = default)
    {
        var recent = await runs.RecentAsync(RunPageHandlers.ListedPerKind, cancellationToken);
        var kind = RunStarter.RouteName(MigrationOrchestrator.Kind);
        return recent.FirstOrDefault(r => r.Kind == kind && r.Reports.Any(f => f.FileName == MigrationReportActivity.SummaryFile));
    }

    /// <summary>The run's summary.json, or null when the run has not written it.</summary>
    public Task<MigrationReport?> ReadSummaryAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<MigrationReport>(runId, MigrationReportActivity.SummaryFile, cancellationToken);

    /// <summary>The run's flows.json, or null when absent.</summary>
    public Task<MigrationFlows?> ReadFlowsAsync(string runId, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<MigrationFlows>(runId, MigrationReportActivity.FlowsFile, cancellationToken);

    private async Task<T?> ReadJsonAsync<T>(string runId, string fileName, CancellationToken cancellationToken)
        where T : class
    {
        var file = await reports.ReadAsync(WorkflowRunKind.Migration, runId, fileName, cancellationToken);
        return file is null ? null : JsonSerializer.Deserialize<T>(file.Content.Span, RunReports.Json);
    }
}
