using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>A report file of a run and where to download it.</summary>
public sealed record RunReportLink(string FileName, string Url);

/// <summary>The orchestration's live state (from the engine).</summary>
public sealed record RunLiveStatus(string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, RunCustomStatus? CustomStatus, string? Failure);

/// <summary>A run as staff see it: the record and, on the detail endpoint, the live orchestration status.</summary>
/// <param name="Percent">Partners done out of the total of the current pass (live status first), null while unknown.</param>
public sealed record RunView(
    string Kind,
    string InstanceId,
    string? StartedBy,
    DateTimeOffset? StartedAt,
    string Status,
    string Phase,
    int Done,
    int Total,
    int? Percent,
    string? Outcome,
    int Failures,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<RunReportLink> Reports,
    string StatusUrl,
    RunLiveStatus? Live);

/// <summary>A page of runs.</summary>
public sealed record RunList(IReadOnlyList<RunView> Items, string? ContinuationToken);

/// <summary>
/// Staff endpoints of batch runs: GET staff/runs?kind= (list), GET staff/runs/{kind}/{instanceId} (record + live
/// status and percentage), GET staff/runs/{kind}/{instanceId}/reports/{fileName} (a report file). Staff only, checked
/// by <see cref="RunsRoutes"/> before a method here runs.
/// </summary>
public sealed class RunsHandlers(IWorkflowRunRepository runs, RunReports reports, IOptions<WorkflowOptions> options)
{
    private const int DefaultPageSize = 50;

    private static readonly WorkflowRunKind[] BatchKinds = [WorkflowRunKind.Reevaluation, WorkflowRunKind.WhatIf, WorkflowRunKind.Migration];

    /// <summary>
    /// GET staff/runs?kind=&amp;pageSize=&amp;continuationToken=: the runs of a kind in instance id order, a page at a
    /// time; without kind, the first page of each batch kind (nightly, what-if, migration).
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        var pageSize = DefaultPageSize;
        if (query.TryGetValue("pageSize", out var size) && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 1000))
        {
            return ApiProblems.Validation(new FieldError("pageSize", "must be a whole number from 1 to 1000."));
        }

        string? kindText = query["kind"];
        string? token = query["continuationToken"];
        if (string.IsNullOrEmpty(kindText))
        {
            if (!string.IsNullOrEmpty(token))
            {
                return ApiProblems.Validation(new FieldError("continuationToken", "needs the kind it was returned for."));
            }

            var all = new List<RunView>();
            foreach (var batchKind in BatchKinds)
            {
                var page = await runs.ListAsync(batchKind, pageSize, null, cancellationToken);
                all.AddRange(page.Items.Select(r => View(r, null)));
            }

            return Results.Json(new RunList(all, null), ApiJson.Options);
        }

        if (!RunStarter.TryParseKind(kindText, out var kind))
        {
            return KindProblem();
        }

        var listed = await runs.ListAsync(kind, pageSize, string.IsNullOrEmpty(token) ? null : token, cancellationToken);
        return Results.Json(new RunList(listed.Items.Select(r => View(r, null)).ToArray(), listed.ContinuationToken), ApiJson.Options);
    }

    /// <summary>
    /// GET staff/runs/{kind}/{instanceId}: the run record with the orchestration's live status (custom status: phase,
    /// partners done / total, percentage). 404 when neither the record nor the orchestration exists.
    /// </summary>
    public async Task<IResult> GetAsync(HttpRequest request, string kind, string instanceId, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!RunStarter.TryParseKind(kind, out var runKind))
        {
            return KindProblem();
        }

        if (string.IsNullOrWhiteSpace(instanceId))
        {
            return ApiProblems.Validation(new FieldError("instanceId", "is required."));
        }

        var view = await FindAsync(runKind, instanceId, client, cancellationToken);
        return view is null
            ? ApiProblems.NotFound($"No {RunStarter.RouteName(runKind)} run '{instanceId}'.")
            : Results.Json(view, ApiJson.Options);
    }

    /// <summary>The run record with the orchestration's live status; null when neither exists (the API's 404, the console's too).</summary>
    public async Task<RunView?> FindAsync(WorkflowRunKind runKind, string instanceId, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var record = await runs.GetAsync(runKind, instanceId, cancellationToken);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (record is null && (metadata is null || !string.Equals(metadata.Name, OrchestratorOf(runKind), StringComparison.Ordinal)))
        {
            return null;
        }

        var live = metadata is null
            ? null
            : new RunLiveStatus(
                metadata.RuntimeStatus.ToString(),
                metadata.CreatedAt,
                metadata.LastUpdatedAt,
                RunStarter.ReadCustomStatus(metadata),
                metadata.FailureDetails?.ErrorMessage);
        return record is not null
            ? View(record, live)
            : new RunView(RunStarter.RouteName(runKind), instanceId, null, null, live!.RuntimeStatus, live.CustomStatus?.Phase ?? RunPhases.Starting, live.CustomStatus?.Done ?? 0, live.CustomStatus?.Total ?? 0, live.CustomStatus?.Percent, null, 0, null, [], RunStarter.StatusUrl(options.Value, runKind, instanceId), live);
    }

    /// <summary>The newest runs of every batch kind (at most <paramref name="perKind"/> each), newest first, without live status.</summary>
    public async Task<IReadOnlyList<RunView>> RecentAsync(int perKind, CancellationToken cancellationToken = default)
    {
        var all = new List<RunView>();
        foreach (var batchKind in BatchKinds)
        {
            string? token = null;
            var kindRuns = new List<WorkflowRun>();
            do
            {
                var page = await runs.ListAsync(batchKind, 1000, token, cancellationToken);
                kindRuns.AddRange(page.Items);
                token = page.ContinuationToken;
            }
            while (token is not null && kindRuns.Count < 10_000);

            all.AddRange(kindRuns.OrderByDescending(r => r.StartedAt).Take(perKind).Select(r => View(r, null)));
        }

        return all.OrderByDescending(r => r.StartedAt).ToArray();
    }

    /// <summary>GET staff/runs/{kind}/{instanceId}/reports/{fileName}: the report file with its content type; 404 when absent.</summary>
    public async Task<IResult> GetReportAsync(HttpRequest request, string kind, string instanceId, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RunStarter.TryParseKind(kind, out var runKind))
        {
            return KindProblem();
        }

        if (string.IsNullOrWhiteSpace(fileName) || fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal) || fileName.StartsWith('.'))
        {
            return ApiProblems.Validation(new FieldError("fileName", "must be the name of one report file, e.g. summary.json."));
        }

        var file = await reports.ReadAsync(runKind, instanceId, fileName, cancellationToken);
        return file is null
            ? ApiProblems.NotFound($"Run '{instanceId}' has no report '{fileName}'.")
            : Results.Bytes(file.Content, string.IsNullOrEmpty(file.ContentType) ? "application/octet-stream" : file.ContentType);
    }

    private RunView View(WorkflowRun run, RunLiveStatus? live)
    {
        var custom = live?.CustomStatus;
        var useLive = custom is not null && run.Status == WorkflowRunStatus.Running;
        var done = useLive ? custom!.Done : run.Progress.Done;
        var total = useLive ? custom!.Total : run.Progress.Total;
        var reportLinks = run.ReportBlobNames
            .Select(RunReports.FileNameOf)
            .Select(name => new RunReportLink(name, $"{RunStarter.StatusUrl(options.Value, run.Kind, run.InstanceId)}/reports/{Uri.EscapeDataString(name)}"))
            .ToArray();
        return new RunView(
            RunStarter.RouteName(run.Kind),
            run.InstanceId,
            run.StartedBy,
            run.StartedAt,
            run.Status.ToString(),
            useLive ? custom!.Phase : run.Progress.Phase,
            done,
            total,
            run.Status == WorkflowRunStatus.Completed ? 100 : RunRecorder.Percent(done, total),
            run.Outcome,
            run.Failures,
            run.CompletedAt,
            reportLinks,
            RunStarter.StatusUrl(options.Value, run.Kind, run.InstanceId),
            live);
    }

    // Every batch feature names its orchestrator after its run kind (ReevaluationOrchestrator, WhatIfOrchestrator, ...).
    private static string OrchestratorOf(WorkflowRunKind kind) => kind + "Orchestrator";

    private static IResult KindProblem() =>
        ApiProblems.Validation(new FieldError("kind", "must be one of: reevaluation, whatif, migration, certification."));
}
