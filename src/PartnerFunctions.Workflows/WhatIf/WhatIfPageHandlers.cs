using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>What the what-if start page shows.</summary>
/// <param name="Chosen">The version preselected (?version=id@vN, e.g. a candidate just stored on the definitions page).</param>
/// <param name="Errors">Every error of a pasted or uploaded candidate at its JSON path.</param>
public sealed record WhatIfStartView(
    IReadOnlyList<ProgramDefinitionVersionInfo> Versions,
    string? ActiveTag,
    string? Chosen,
    IReadOnlyList<WorkflowRun> Recent,
    string? Error,
    IReadOnlyList<FieldError> Errors,
    string? CandidateText);

/// <summary>What a what-if's result page shows: its summary.json.</summary>
public sealed record WhatIfResultView(string InstanceId, WhatIfReport Report);

/// <summary>One matrix cell's partners, a page of them.</summary>
/// <param name="Available">False for a run written before partners.jsonl existed.</param>
public sealed record WhatIfCellView(string InstanceId, Tier From, Tier To, IReadOnlyList<WhatIfPartnerLine> Partners, int Total, int Page, int Pages, bool Available);

/// <summary>
/// The console's what-if (staff): start one on a stored version or on a pasted/uploaded candidate (validated by the
/// definition loader, every error at its JSON path), through <see cref="WhatIfStarter"/> like the API; the result page
/// reading the run's summary.json (movement matrix as chart and table, level changes per competency); and the
/// partners behind each matrix cell, paged, from partners.jsonl.
/// </summary>
public sealed class WhatIfPageHandlers(
    IProgramDefinitionRepository definitions,
    IWorkflowRunRepository runs,
    RunReports reports,
    WhatIfStarter starter,
    BatchRunStarts starts,
    PageRenderer pages)
{
    /// <summary>Partners listed per page of a cell.</summary>
    public const int CellPageSize = 100;

    /// <summary>Recent what-ifs listed on the start page.</summary>
    public const int RecentShown = 15;

    private const int CachedRuns = 4;
    private static readonly ConcurrentDictionary<string, IReadOnlyList<WhatIfPartnerLine>> PartnersByRun = new(StringComparer.Ordinal);

    /// <summary>The result page of a what-if.</summary>
    public static string ResultPath(string instanceId) => "/staff/whatif/" + Uri.EscapeDataString(instanceId);

    /// <summary>The page listing one cell's partners.</summary>
    public static string CellPath(string instanceId, Tier from, Tier to, int page = 1) =>
        ResultPath(instanceId) + "/cells/" + from.ToString().ToLowerInvariant() + "/" + to.ToString().ToLowerInvariant() + (page > 1 ? "?page=" + page.ToString(CultureInfo.InvariantCulture) : string.Empty);

    /// <summary>GET staff/whatif.</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var chosen = call.Request.Query["version"].ToString();
        return RenderStartAsync(call, StatusCodes.Status200OK, chosen.Length is > 0 and <= 100 ? chosen : null, null, [], null);
    }

    /// <summary>POST staff/whatif/start (version=id@vN): a what-if of a stored version.</summary>
    public async Task<IResult> StartStoredAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var tag = PageForms.Field(form, "version");
        var (id, version) = ParseTag(tag);
        var stored = id is null ? null : await definitions.GetVersionAsync(id, version, call.CancellationToken);
        if (stored is null)
        {
            return await RenderStartAsync(call, StatusCodes.Status400BadRequest, tag, "Version: choose a stored version from the list.", [], null);
        }

        return await StartAsync(call, stored.Definition, tag, null);
    }

    /// <summary>POST staff/whatif/candidate (file or json): a what-if of a candidate not stored as a version.</summary>
    public async Task<IResult> StartCandidateAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var pasted = PageForms.Field(form, "json");
        var keep = pasted is { Length: <= 200_000 } ? pasted : null;
        var (content, error) = await PageUploads.ReadAsync(form, "file", "json", WhatIfStarter.MaxBodyBytes, call.CancellationToken);
        if (content is null)
        {
            return await RenderStartAsync(call, StatusCodes.Status400BadRequest, null, error, [], keep);
        }

        var loaded = ProgramDefinitionLoader.Load(Encoding.UTF8.GetString(content));
        if (!loaded.IsValid)
        {
            return await RenderStartAsync(call, StatusCodes.Status400BadRequest, null, null, loaded.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray(), keep);
        }

        return await StartAsync(call, loaded.Definition!, null, keep);
    }

    /// <summary>GET staff/whatif/{instanceId}: the result (404 while the run has not written it).</summary>
    public async Task<IResult> ResultAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var instanceId = call.Value("instanceId");
        var report = await ReadReportAsync(instanceId, call.CancellationToken);
        if (report is null)
        {
            return await pages.MessageAsync(StatusCodes.Status404NotFound, call.Page, "No what-if result", "This what-if has no result: it does not exist, or it has not ended yet (its result is written when it ends; its run page shows its progress).");
        }

        return await pages.RenderAsync<WhatIfResultPage>(new Dictionary<string, object?>
        {
            [nameof(WhatIfResultPage.Context)] = call.Page,
            [nameof(WhatIfResultPage.View)] = new WhatIfResultView(instanceId, report),
        });
    }

    /// <summary>GET staff/whatif/{instanceId}/cells/{from}/{to}?page=N: the partners of one matrix cell.</summary>
    public async Task<IResult> CellAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var instanceId = call.Value("instanceId");
        var pageText = call.Request.Query["page"].ToString();
        var page = 1;
        if (!TryTier(call.Value("from"), out var from) || !TryTier(call.Value("to"), out var to)
            || (pageText.Length > 0 && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
            || await ReadReportAsync(instanceId, call.CancellationToken) is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var everyone = await ReadPartnersAsync(instanceId, call.CancellationToken);
        var cell = (everyone ?? []).Where(p => p.CurrentTier == from && p.CandidateTier == to).ToArray();
        var pageCount = Math.Max(1, (cell.Length + CellPageSize - 1) / CellPageSize);
        if (page > pageCount)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        return await pages.RenderAsync<WhatIfCellPage>(new Dictionary<string, object?>
        {
            [nameof(WhatIfCellPage.Context)] = call.Page,
            [nameof(WhatIfCellPage.View)] = new WhatIfCellView(instanceId, from, to, cell.Skip((page - 1) * CellPageSize).Take(CellPageSize).ToArray(), cell.Length, page, pageCount, everyone is not null),
        });
    }

    private async Task<IResult> StartAsync(RouteCall call, ProgramDefinition candidate, string? chosen, string? candidateText)
    {
        if (!await starts.HasActiveDefinitionAsync(call.CancellationToken))
        {
            return await RenderStartAsync(call, StatusCodes.Status409Conflict, chosen, WhatIfStarter.Run.NoActiveDefinition, [], candidateText);
        }

        return await starter.StartFromPageAsync(call, candidate);
    }

    private async Task<WhatIfReport?> ReadReportAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (instanceId.Length is 0 or > 128 || instanceId.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var file = await reports.ReadAsync(WhatIfOrchestrator.Kind, instanceId, WhatIfReportActivity.SummaryFile, cancellationToken);
        return file is null ? null : JsonSerializer.Deserialize<WhatIfReport>(file.Content.Span, RunReports.Json);
    }

    // A finished run's partners.jsonl never changes: a few runs' lines stay in memory for paging through cells.
    private async Task<IReadOnlyList<WhatIfPartnerLine>?> ReadPartnersAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (PartnersByRun.TryGetValue(instanceId, out var cached))
        {
            return cached;
        }

        var file = await reports.ReadAsync(WhatIfOrchestrator.Kind, instanceId, WhatIfReportActivity.PartnersFile, cancellationToken);
        if (file is null)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(file.Content.Span)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<WhatIfPartnerLine>(line, RunReports.JsonLine)!)
            .ToArray();
        if (PartnersByRun.Count >= CachedRuns)
        {
            PartnersByRun.Clear();
        }

        return PartnersByRun.GetOrAdd(instanceId, lines);
    }

    private async Task<IResult> RenderStartAsync(RouteCall call, int status, string? chosen, string? error, IReadOnlyList<FieldError> errors, string? candidateText)
    {
        var versions = await definitions.ListVersionsAsync(call.CancellationToken);
        var active = await definitions.GetActiveAsync(call.CancellationToken);
        var recent = await runs.ListAsync(WhatIfOrchestrator.Kind, 1000, null, call.CancellationToken);
        return await pages.RenderAsync<WhatIfPage>(status, new Dictionary<string, object?>
        {
            [nameof(WhatIfPage.Context)] = call.Page,
            [nameof(WhatIfPage.View)] = new WhatIfStartView(
                versions,
                active?.Stored.Definition.VersionTag,
                chosen,
                recent.Items.OrderByDescending(r => r.StartedAt).Take(RecentShown).ToArray(),
                error,
                errors,
                candidateText),
        });
    }

    private static (string? Id, int Version) ParseTag(string? tag)
    {
        var at = tag?.LastIndexOf("@v", StringComparison.Ordinal) ?? -1;
        return tag is not null && at > 0 && int.TryParse(tag.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1 && ApiIds.Check("id", tag[..at]) is null
            ? (tag[..at], version)
            : (null, 0);
    }

    private static bool TryTier(string text, out Tier tier) =>
        Enum.TryParse(text, ignoreCase: true, out tier) && Enum.IsDefined(tier) && !int.TryParse(text, out _);
}
