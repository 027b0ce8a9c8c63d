using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>
/// The candidate definition of a what-if run, read from the run's report folder (where the starter put it, so the
/// orchestration passes ids only) and kept in memory for the run's pages.
/// </summary>
public sealed class WhatIfCandidates(IReportStore store)
{
    public const string CandidateFile = "candidate-definition.json";
    private const int MaxCached = 8;

    private readonly ConcurrentDictionary<string, ProgramDefinition> _byRun = new(StringComparer.Ordinal);

    public async Task<ProgramDefinition> GetAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_byRun.TryGetValue(runId, out var cached))
        {
            return cached;
        }

        var reports = new RunReports(store);
        var file = await reports.ReadAsync(WhatIfOrchestrator.Kind, runId, CandidateFile, cancellationToken)
            ?? throw new InvalidOperationException($"The candidate definition of what-if {runId} is missing from its report folder.");
        var definition = ProgramDefinitionLoader.LoadOrThrow(Encoding.UTF8.GetString(file.Content.Span));
        if (_byRun.Count >= MaxCached)
        {
            _byRun.Clear();
        }

        return _byRun.GetOrAdd(runId, definition);
    }
}

/// <summary>
/// Evaluates one page of partners under the active and the candidate definition. Reads only: it writes the page's
/// movers to "movers-NNNNN.csv" in the run's folder and the run's progress, never a partner, decision or email.
/// </summary>
public sealed partial class WhatIfPageActivity(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    WhatIfCandidates candidates,
    RunReports reports,
    RunRecorder recorder,
    ILogger<WhatIfPageActivity> logger) : TaskActivity<BatchPageInput, BatchPageResult<WhatIfTally>>
{
    public const string MoversPart = "movers";

    /// <summary>The part files of partners.jsonl: every partner with its current and candidate tier.</summary>
    public const string PartnersPart = "partners";

    /// <summary>The header of movers.csv.</summary>
    public static readonly string[] MoversHeader =
        ["partnerId", "partnerName", "heldTier", "currentTier", "candidateTier", "tierMove", "levelsCurrent", "levelsCandidate"];

    public override async Task<BatchPageResult<WhatIfTally>> RunAsync(TaskActivityContext context, BatchPageInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var active = await definitions.GetAsync(input.Definition);
        var candidate = await candidates.GetAsync(input.RunId);
        var page = await partners.ReadPartnerPageAsync(input.ResumeToken, input.MaxPartners);
        var asOf = DateOnly.FromDateTime(input.At.UtcDateTime);

        // The page is evaluated in two batches (see PartnerEvaluator.EvaluateMany); should a partner's evidence make
        // that throw, the page is evaluated one partner at a time so that only that partner fails.
        var evaluated = EvaluatePage(page.Partners, active, candidate, asOf);
        var tally = WhatIfTally.Empty;
        var movers = new CsvBuilder();
        var everyone = new StringBuilder();
        var failed = new List<string>();
        for (var i = 0; i < page.Partners.Count; i++)
        {
            var snapshot = page.Partners[i];
            try
            {
                var one = evaluated is { } both
                    ? Compare(snapshot, both.Current[i], both.Proposed[i], movers)
                    : Compare(snapshot, active, candidate, asOf, movers);
                tally = tally.Plus(one);
                everyone.Append(JsonSerializer.Serialize(WhatIfPartnerLine.Of(snapshot, one), RunReports.JsonLine)).Append('\n');
            }
            catch (Exception ex) when (BatchRun.IsPartnerFailure(ex))
            {
                LogPartnerFailed(logger, ex, snapshot.PartnerId, input.RunId);
                tally = tally.Plus(WhatIfTally.Empty with { Failures = 1 });
                failed.Add(snapshot.PartnerId);
            }
        }

        var lines = movers.ToString();
        if (lines.Length > 0)
        {
            await reports.WriteTextAsync(WhatIfOrchestrator.Kind, input.RunId, RunReports.PartName(MoversPart, input.PageIndex, "csv"), RunReports.CsvContentType, lines);
        }

        if (everyone.Length > 0)
        {
            await reports.WriteTextAsync(WhatIfOrchestrator.Kind, input.RunId, RunReports.PartName(PartnersPart, input.PageIndex, "jsonl"), RunReports.JsonLinesContentType, everyone.ToString());
        }

        var done = input.DoneBefore + page.Partners.Count;
        await recorder.ProgressAsync(WhatIfOrchestrator.Kind, input.RunId, done, Math.Max(input.Total, done), RunPhases.Evaluating);
        return new BatchPageResult<WhatIfTally>(page.Partners.Count, page.ResumeToken, tally, failed.Take(BatchRun.MaxListedFailures).ToArray());
    }

    /// <summary>One partner's comparison (public so tests can compute the expected report with the domain alone).</summary>
    public static WhatIfTally Compare(PartnerSnapshot snapshot, ProgramDefinition active, ProgramDefinition candidate, DateOnly asOf, CsvBuilder? movers = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(candidate);
        return Compare(snapshot, PartnerEvaluator.Evaluate(active, snapshot.Evidence, asOf), PartnerEvaluator.Evaluate(candidate, snapshot.Evidence, asOf), movers);
    }

    /// <summary>One partner's comparison from its evaluations under the active and the candidate definition.</summary>
    public static WhatIfTally Compare(PartnerSnapshot snapshot, PartnerEvaluation current, PartnerEvaluation proposed, CsvBuilder? movers = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(proposed);
        var active = current.Definition;
        var candidate = proposed.Definition;
        var currentLevels = PartnerTierService.LevelsOf(current);
        var proposedLevels = PartnerTierService.LevelsOf(proposed);

        var matrix = new int[WhatIfTally.Tiers * WhatIfTally.Tiers];
        matrix[((int)current.Tier * WhatIfTally.Tiers) + (int)proposed.Tier] = 1;

        var competencies = new Dictionary<string, CompetencyMovement>(StringComparer.Ordinal);
        var levelsMoved = false;
        foreach (var id in active.Competencies.Select(c => c.Id).Union(candidate.Competencies.Select(c => c.Id), StringComparer.Ordinal))
        {
            var before = currentLevels.GetValueOrDefault(id, CompetencyLevel.None);
            var after = proposedLevels.GetValueOrDefault(id, CompetencyLevel.None);
            levelsMoved |= before != after;
            competencies[id] = new CompetencyMovement(
                after > before ? 1 : 0,
                after < before ? 1 : 0,
                before != CompetencyLevel.None ? 1 : 0,
                after != CompetencyLevel.None ? 1 : 0);
        }

        var moves = levelsMoved || current.Tier != proposed.Tier;
        if (moves && movers is not null)
        {
            var partner = snapshot.Profile.Partner;
            movers.Line(
                partner.Id,
                partner.Name,
                snapshot.Profile.Status.TierState.Current,
                current.Tier,
                proposed.Tier,
                proposed.Tier > current.Tier ? "up" : proposed.Tier < current.Tier ? "down" : "same",
                ReportFields.Levels(currentLevels),
                ReportFields.Levels(proposedLevels));
        }

        return new WhatIfTally(1, matrix, competencies, moves ? 1 : 0, 0);
    }

    private static (PartnerEvaluation[] Current, PartnerEvaluation[] Proposed)? EvaluatePage(IReadOnlyList<PartnerSnapshot> snapshots, ProgramDefinition active, ProgramDefinition candidate, DateOnly asOf)
    {
        var evidence = new PartnerEvidence[snapshots.Count];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = snapshots[i].Evidence;
        }

        var current = new PartnerEvaluation[evidence.Length];
        var proposed = new PartnerEvaluation[evidence.Length];
        try
        {
            PartnerEvaluator.EvaluateMany(active, evidence, asOf, current);
            PartnerEvaluator.EvaluateMany(candidate, evidence, asOf, proposed);
            return (current, proposed);
        }
        catch (Exception ex) when (BatchRun.IsPartnerFailure(ex))
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner {PartnerId} could not be simulated in what-if {RunId}")]
    private static partial void LogPartnerFailed(ILogger logger, Exception exception, string partnerId, string runId);
}
