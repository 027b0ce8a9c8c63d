using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>
/// POST staff/whatif: validates a candidate program definition (the body, JSON) and starts a what-if run on it. The
/// candidate is stored only in the run's report folder (candidate-definition.json), never as a program definition.
/// </summary>
public sealed class WhatIfStarter(IReportStore reports, ProgramDefinitionCache definitions, IApiAccess access, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    /// <summary>The largest candidate accepted (a definition of 64 competencies is far smaller).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// 202 with the status URL; 400 naming every error of the candidate (JSON paths from the definition loader); 409
    /// when no definition is active (nothing to compare with); 413/415 for a body too large or not JSON. Nothing is
    /// written for a rejected request.
    /// </summary>
    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var staff = await access.CheckStaffAsync(request.HttpContext, cancellationToken);
        if (staff.Problem is not null)
        {
            return staff.Problem;
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.UnsupportedMediaType("Content-Type", "Send the candidate program definition as application/json.");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return ApiProblems.TooLarge("$", $"A candidate definition may hold at most {MaxBodyBytes} bytes.");
        }

        var json = await ReadBodyAsync(request, cancellationToken);
        if (json is null)
        {
            return ApiProblems.TooLarge("$", $"A candidate definition may hold at most {MaxBodyBytes} bytes.");
        }

        var loaded = ProgramDefinitionLoader.Load(json);
        if (!loaded.IsValid)
        {
            return ApiProblems.Validation(loaded.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray());
        }

        try
        {
            await definitions.GetActiveAsync(cancellationToken);
        }
        catch (NoActiveDefinitionException)
        {
            return ApiProblems.Conflict("No program definition is active: there is nothing to compare the candidate with.");
        }

        var now = clock.GetUtcNow();
        var instanceId = string.Create(CultureInfo.InvariantCulture, $"whatif-{now:yyyyMMddHHmmss}-{Guid.NewGuid():N}")[..32];
        await reports.WriteAsync(
            WhatIfOrchestrator.Kind,
            instanceId,
            WhatIfCandidates.CandidateFile,
            RunReports.JsonContentType,
            Encoding.UTF8.GetBytes(ProgramDefinitionLoader.ToJson(loaded.Definition!)),
            cancellationToken);
        var result = await RunStarter.StartNewAsync(client, nameof(WhatIfOrchestrator), instanceId, new WhatIfInput(RunStarter.StartedBy(request)), cancellationToken);
        return RunStarter.Answer(result, WhatIfOrchestrator.Kind, options.Value);
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
