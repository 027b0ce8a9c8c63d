using System.Globalization;
using Microsoft.DurableTask;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>One row of the tier matrix in summary.json.</summary>
public sealed record WhatIfMatrixRow(Tier CurrentTier, int Registered, int Silver, int Gold, int Platinum, int Total);

/// <summary>One competency's movement in summary.json.</summary>
/// <param name="InActive">Whether the active definition has it; <paramref name="InCandidate"/> likewise.</param>
public sealed record WhatIfCompetencyRow(string CompetencyId, string? Name, bool InActive, bool InCandidate, int Gaining, int Losing, int HoldersCurrent, int HoldersCandidate);

/// <summary>summary.json of a what-if.</summary>
public sealed record WhatIfReport(
    string RunId,
    string StartedBy,
    string ActiveDefinition,
    string CandidateDefinition,
    string? CandidateDescription,
    DateTimeOffset EvaluatedAt,
    int Partners,
    int Movers,
    int MovingUp,
    int MovingDown,
    IReadOnlyList<WhatIfMatrixRow> Matrix,
    IReadOnlyList<WhatIfCompetencyRow> Competencies,
    int Failures,
    IReadOnlyList<string> FailedPartnerIds);

/// <summary>
/// Writes the what-if's movement report and completes the run record: summary.json (matrix current tier x candidate
/// tier, per-competency gains/losses, totals), matrix.csv, competencies.csv and movers.csv (one line per partner whose
/// tier or levels move, merged from the pages).
/// </summary>
public sealed class WhatIfReportActivity(RunReports reports, ProgramDefinitionCache definitions, WhatIfCandidates candidates, RunRecorder recorder)
    : TaskActivity<BatchReportInput<WhatIfTally>, WhatIfSummary>
{
    public const string SummaryFile = "summary.json";
    public const string MatrixFile = "matrix.csv";
    public const string CompetenciesFile = "competencies.csv";
    public const string MoversFile = "movers.csv";

    /// <summary>
    /// Every partner with its current and candidate tier, one JSON object a line: the console lists a matrix cell's
    /// partners from it. Kept in the run's folder but not listed with the run's reports (those stay the four above).
    /// </summary>
    public const string PartnersFile = "partners.jsonl";

    public override async Task<WhatIfSummary> RunAsync(TaskActivityContext context, BatchReportInput<WhatIfTally> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kind = WhatIfOrchestrator.Kind;
        var active = await definitions.GetAsync(input.Definition);
        var candidate = await candidates.GetAsync(input.RunId);
        var report = Build(input, active, candidate);

        var matrix = new CsvBuilder().Line("currentTier", "registered", "silver", "gold", "platinum", "total");
        foreach (var row in report.Matrix)
        {
            matrix.Line(row.CurrentTier, row.Registered, row.Silver, row.Gold, row.Platinum, row.Total);
        }

        var competencies = new CsvBuilder().Line("competencyId", "name", "inActive", "inCandidate", "gaining", "losing", "holdersCurrent", "holdersCandidate");
        foreach (var row in report.Competencies)
        {
            competencies.Line(row.CompetencyId, row.Name, row.InActive, row.InCandidate, row.Gaining, row.Losing, row.HoldersCurrent, row.HoldersCandidate);
        }

        var movers = new CsvBuilder().Line(WhatIfPageActivity.MoversHeader);
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, WhatIfPageActivity.MoversPart))
        {
            movers.Raw(part);
        }

        var everyone = new System.Text.StringBuilder();
        foreach (var part in await reports.ReadPartsAsync(kind, input.RunId, WhatIfPageActivity.PartnersPart))
        {
            everyone.Append(part);
        }

        await reports.WriteTextAsync(kind, input.RunId, PartnersFile, RunReports.JsonLinesContentType, everyone.ToString());
        var names = new List<string>
        {
            await reports.WriteJsonAsync(kind, input.RunId, SummaryFile, report),
            await reports.WriteTextAsync(kind, input.RunId, MatrixFile, RunReports.CsvContentType, matrix.ToString()),
            await reports.WriteTextAsync(kind, input.RunId, CompetenciesFile, RunReports.CsvContentType, competencies.ToString()),
            await reports.WriteTextAsync(kind, input.RunId, MoversFile, RunReports.CsvContentType, movers.ToString()),
        };

        var outcome = string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Partners} partners under {report.ActiveDefinition} vs {report.CandidateDefinition}: {report.Movers} move ({report.MovingUp} up, {report.MovingDown} down a tier), {report.Failures} failures. Nothing was written to partners.");
        await recorder.CompleteAsync(kind, input.RunId, report.Partners, outcome, names, report.Failures, input.CompletedAt);
        return new WhatIfSummary(input.RunId, report.ActiveDefinition, report.CandidateDefinition, input.At, report.Partners, report.Movers, report.MovingUp, report.MovingDown, report.Failures, [SummaryFile, MatrixFile, CompetenciesFile, MoversFile]);
    }

    /// <summary>The report's summary from the run's tally.</summary>
    public static WhatIfReport Build(BatchReportInput<WhatIfTally> input, ProgramDefinition active, ProgramDefinition candidate)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(candidate);
        var tally = input.Tally;
        var rows = Enum.GetValues<Tier>()
            .Select(t => new WhatIfMatrixRow(
                t,
                tally.Cell(t, Tier.Registered),
                tally.Cell(t, Tier.Silver),
                tally.Cell(t, Tier.Gold),
                tally.Cell(t, Tier.Platinum),
                Enum.GetValues<Tier>().Sum(c => tally.Cell(t, c))))
            .ToArray();
        var up = 0;
        var down = 0;
        foreach (var from in Enum.GetValues<Tier>())
        {
            foreach (var to in Enum.GetValues<Tier>())
            {
                up += to > from ? tally.Cell(from, to) : 0;
                down += to < from ? tally.Cell(from, to) : 0;
            }
        }

        var competencies = tally.Competencies
            .OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => new WhatIfCompetencyRow(
                c.Key,
                candidate.FindCompetency(c.Key)?.Name ?? active.FindCompetency(c.Key)?.Name,
                active.IndexOf(c.Key) >= 0,
                candidate.IndexOf(c.Key) >= 0,
                c.Value.Gaining,
                c.Value.Losing,
                c.Value.HoldersCurrent,
                c.Value.HoldersCandidate))
            .ToArray();
        return new WhatIfReport(
            input.RunId,
            input.StartedBy,
            active.VersionTag,
            candidate.VersionTag,
            candidate.Description,
            input.At,
            tally.Partners,
            tally.Movers,
            up,
            down,
            rows,
            competencies,
            tally.Failures,
            input.FailedPartnerIds);
    }
}
