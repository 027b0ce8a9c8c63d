using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>
/// POST staff/whatif: validates a candidate program definition (the body, JSON) and starts a what-if run on it. The
/// candidate is stored only in the run's report folder (candidate-definition.json), never as a program definition.
/// </summary>
public sealed class WhatIfStarter(BatchRunStarts starts, IReportStore reports, TimeProvider clock)
{
    /// <summary>The largest candidate accepted (a definition of 64 competencies is far smaller).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>How a what-if starts: a new run under a fresh id each time.</summary>
    public static BatchRunType Run { get; } = new(
        WhatIfOrchestrator.Kind,
        nameof(WhatIfOrchestrator),
        Singleton: false,
        "No program definition is active: there is nothing to compare the candidate with.");

    /// <summary>
    /// 202 with the status URL; 400 naming every error of the candidate (JSON paths from the definition loader); 409
    /// when no definition is active (nothing to compare with); 413/415 for a body too large or not JSON. Nothing is
    /// written for a rejected request.
    /// </summary>
    public Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, string staffId, CancellationToken cancellationToken = default) =>
        starts.StartFromStaffAsync(request, client, staffId, Run, (startedBy, ct) => ReadAsync(request, startedBy, ct), cancellationToken);

    /// <summary>
    /// The console's start of a what-if on <paramref name="candidate"/> (a stored version, or a candidate the page
    /// validated): as the API's start, then the run's page (or the runs page with the reason it did not start).
    /// </summary>
    public Task<IResult> StartFromPageAsync(RouteCall call, ProgramDefinition candidate)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(candidate);
        return starts.StartFromPageAsync(call.Client, Run, Start(candidate, call.StaffId), call.CancellationToken);
    }

    private StaffRunStart Start(ProgramDefinition candidate, string startedBy)
    {
        var instanceId = BatchRunType.NewInstanceId("whatif", clock.GetUtcNow());
        var json = Encoding.UTF8.GetBytes(ProgramDefinitionLoader.ToJson(candidate));
        return StaffRunStart.Of(
            instanceId,
            new WhatIfInput(startedBy),
            ct => reports.WriteAsync(WhatIfOrchestrator.Kind, instanceId, WhatIfCandidates.CandidateFile, RunReports.JsonContentType, json, ct));
    }

    private async Task<StaffRunStart> ReadAsync(HttpRequest request, string startedBy, CancellationToken cancellationToken)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return StaffRunStart.Refused(ApiProblems.UnsupportedMediaType("Content-Type", "Send the candidate program definition as application/json."));
        }

        var json = request.ContentLength > MaxBodyBytes ? null : await ReadBodyAsync(request, cancellationToken);
        if (json is null)
        {
            return StaffRunStart.Refused(ApiProblems.TooLarge("$", $"A candidate definition may hold at most {MaxBodyBytes} bytes."));
        }

        var loaded = ProgramDefinitionLoader.Load(json);
        if (!loaded.IsValid)
        {
            return StaffRunStart.Refused(ApiProblems.Validation(loaded.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray()));
        }

        return Start(loaded.Definition!, startedBy);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
