using System.Text.Json;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>The duplicates.json of the latest nightly that wrote one (references and people), or none yet.</summary>
public sealed class LatestDuplicates(RunsHandlers runs, RunReports reports)
{
    private static readonly DuplicatesReport Empty = new([], []);

    /// <summary>The latest nightly's run id (null before any) and its duplicates.</summary>
    public async Task<(string? RunId, DuplicatesReport Report)> ReadAsync(CancellationToken cancellationToken)
    {
        var recent = await runs.RecentAsync(RunPageHandlers.ListedPerKind, cancellationToken);
        var kind = RunStarter.RouteName(ReevaluationOrchestrator.Kind);
        var run = recent.FirstOrDefault(r => r.Kind == kind && r.Reports.Any(f => f.FileName == ReevaluationReportActivity.DuplicatesFile));
        if (run is null)
        {
            return (null, Empty);
        }

        var file = await reports.ReadAsync(ReevaluationOrchestrator.Kind, run.InstanceId, ReevaluationReportActivity.DuplicatesFile, cancellationToken);
        return (run.InstanceId, file is null ? Empty : Parse(file.Content.Span));
    }

    /// <summary>The file's content; a nightly from before people were listed wrote the references' array alone.</summary>
    public static DuplicatesReport Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            return Empty;
        }

        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return new DuplicatesReport(JsonSerializer.Deserialize<Domain.Evidence.ReferenceDuplicate[]>(json, RunReports.Json) ?? [], []);
        }

        var report = JsonSerializer.Deserialize<DuplicatesReport>(json, RunReports.Json);
        return new DuplicatesReport(report?.References ?? [], report?.People ?? []);
    }
}
