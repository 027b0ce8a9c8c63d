using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>The result of asking for a run to start.</summary>
/// <param name="Started">False when the instance existed already (a singleton started twice): nothing was started.</param>
/// <param name="Existing">The existing instance when <paramref name="Started"/> is false.</param>
public sealed record RunStartResult(string InstanceId, bool Started, OrchestrationMetadata? Existing);

/// <summary>What a start endpoint answers.</summary>
public sealed record RunStartResponse(
    string InstanceId,
    string Kind,
    bool Started,
    string RuntimeStatus,
    string StatusUrl,
    RunCustomStatus? CustomStatus);

/// <summary>Starts batch runs and builds the links and answers of their endpoints.</summary>
public static class RunStarter
{
    // A run is never started again while one with its id is pending, running, suspended or completed; a failed or
    // terminated one may be started again under the same id (e.g. a nightly that failed, re-run by staff that day).
    private static readonly OrchestrationRuntimeStatus[] DedupeStatuses =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
    ];

    /// <summary>The route segment of a run kind ("reevaluation", "migration", "whatif").</summary>
    public static string RouteName(WorkflowRunKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Parses a route segment or query value into a run kind (case-insensitive names only, no numbers).</summary>
    public static bool TryParseKind(string? value, out WorkflowRunKind kind)
    {
        kind = default;
        return !string.IsNullOrWhiteSpace(value)
            && !char.IsAsciiDigit(value[0])
            && value[0] != '-'
            && Enum.TryParse(value.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out kind)
            && Enum.IsDefined(kind);
    }

    /// <summary>The staff URL that shows a run's record and live progress.</summary>
    public static string StatusUrl(WorkflowOptions options, WorkflowRunKind kind, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"{options.PublicBaseUrl.TrimEnd('/')}/api/staff/runs/{RouteName(kind)}/{Uri.EscapeDataString(instanceId)}";
    }

    /// <summary>
    /// Starts <paramref name="orchestrator"/> under <paramref name="instanceId"/> unless an instance with that id is
    /// pending, running, suspended or completed: then nothing starts and the existing instance is returned. Checked
    /// before scheduling, enforced by dedupe statuses when scheduling, and a concurrent start that wins the race is
    /// caught ("already exists") and answered the same way. (On the Azure Storage backend the dedupe check throws only
    /// with ThrowExceptionOnInvalidDedupeStatus; otherwise the duplicate is silently dropped, which is harmless here.)
    /// </summary>
    public static async Task<RunStartResult> StartOnceAsync(DurableTaskClient client, TaskName orchestrator, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null && DedupeStatuses.Contains(existing.RuntimeStatus))
        {
            return new RunStartResult(instanceId, false, existing);
        }

        try
        {
            var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(DedupeStatuses);
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, options, cancellationToken);
            return new RunStartResult(instanceId, true, null);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
            var winner = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
            return new RunStartResult(instanceId, false, winner);
        }
    }

    /// <summary>Starts a new run under a fresh id (what-if, migration).</summary>
    public static async Task<RunStartResult> StartNewAsync(DurableTaskClient client, TaskName orchestrator, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return new RunStartResult(instanceId, true, null);
    }

    /// <summary>202 with the status URL for a started run; 200 with the existing instance's status otherwise.</summary>
    public static RunStartedResult Answer(RunStartResult result, WorkflowRunKind kind, WorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        var url = StatusUrl(options, kind, result.InstanceId);
        var status = result.Started ? nameof(OrchestrationRuntimeStatus.Pending) : result.Existing?.RuntimeStatus.ToString() ?? "Unknown";
        var body = new RunStartResponse(result.InstanceId, RouteName(kind), result.Started, status, url, ReadCustomStatus(result.Existing));
        return new RunStartedResult(result.Started ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, body);
    }

    /// <summary>The custom status of a batch orchestration, or null (none set yet, or not of our shape).</summary>
    public static RunCustomStatus? ReadCustomStatus(OrchestrationMetadata? metadata)
    {
        if (metadata?.SerializedCustomStatus is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            return metadata.ReadCustomStatusAs<RunCustomStatus>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool IsAlreadyExists(Exception? ex)
    {
        // The exception type depends on the client (gRPC client: OrchestrationAlreadyExistsException from the
        // engine, or an RpcException with status AlreadyExists), none of which this host-agnostic project references.
        for (; ex is not null; ex = ex.InnerException)
        {
            var name = ex.GetType().Name;
            if (name == "OrchestrationAlreadyExistsException"
                || (name == "RpcException" && ex.Message.Contains("AlreadyExists", StringComparison.Ordinal))
                || ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The answer of a start endpoint: 202 (started) or 200 (existing run), the body, and the status URL as Location.</summary>
public sealed class RunStartedResult(int statusCode, RunStartResponse body) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<RunStartResponse>
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public RunStartResponse Value { get; } = body;

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.Location = Value.StatusUrl;
        return Results.Json(Value, Http.ApiJson.Options, statusCode: StatusCode).ExecuteAsync(httpContext);
    }
}
