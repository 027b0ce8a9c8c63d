using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>Input of a batch run's page activity (one page of the partner scan).</summary>
/// <param name="Definition">The definition the run pinned at its start.</param>
/// <param name="At">The run's instant, pinned at its start.</param>
/// <param name="ResumeToken">Where this page starts in the partner scan (null: the first page).</param>
/// <param name="PageIndex">The page's number in the run (names its part files).</param>
/// <param name="DoneBefore">Partners done by earlier pages (for the run record's progress).</param>
public sealed record BatchPageInput(
    string RunId,
    DefinitionRef Definition,
    DateTimeOffset At,
    string? ResumeToken,
    int MaxPartners,
    int PageIndex,
    int DoneBefore,
    int Total);

/// <summary>What a page did: its tally and a few ids (the per-partner lines went to the page's part files).</summary>
/// <param name="NextToken">Where the next page starts; null after the last page.</param>
public sealed record BatchPageResult<TTally>(int Processed, string? NextToken, TTally Tally, IReadOnlyList<string> FailedPartnerIds) : IBatchPage<TTally>;

/// <summary>Input of a batch run's report activity: what the run pinned and what its pages added up.</summary>
/// <param name="Partners">Partners done.</param>
/// <param name="CompletedAt">The orchestration's clock when the pages were done (deterministic).</param>
public sealed record BatchReportInput<TTally>(
    string RunId,
    string StartedBy,
    DefinitionRef Definition,
    DateTimeOffset At,
    int Partners,
    TTally Tally,
    IReadOnlyList<string> FailedPartnerIds,
    DateTimeOffset CompletedAt);
