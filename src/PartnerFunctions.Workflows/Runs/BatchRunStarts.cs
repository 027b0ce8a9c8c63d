using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>What a batch feature's starts have in common: its kind, its orchestration and how it starts.</summary>
/// <param name="Singleton">True when the instance id names a singleton (one run per id, a second start answers with the first).</param>
/// <param name="NoActiveDefinition">The 409 answer's detail when no program definition is active.</param>
public sealed record BatchRunType(WorkflowRunKind Kind, string Orchestrator, bool Singleton, string NoActiveDefinition)
{
    /// <summary>A fresh instance id: "{prefix}-yyyyMMddHHmmss-" and ten hex digits of a new GUID.</summary>
    public static string NewInstanceId(string prefix, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{now:yyyyMMddHHmmss}-{Guid.NewGuid():N}")[..(prefix.Length + 26)];
    }
}

/// <summary>
/// What a feature read from a staff start request: the instance id and input of the run to start, or the problem that
/// refuses the request.
/// </summary>
/// <param name="BeforeStart">Writes what the run needs before it starts (e.g. the what-if candidate), once every check passed.</param>
public sealed record StaffRunStart(string InstanceId, object? Input, IResult? Problem, Func<CancellationToken, Task>? BeforeStart = null)
{
    public static StaffRunStart Refused(IResult problem) => new(string.Empty, null, problem);

    public static StaffRunStart Of(string instanceId, object input, Func<CancellationToken, Task>? beforeStart = null) =>
        new(instanceId, input, null, beforeStart);
}

/// <summary>
/// The one start path of the batch runs: a staff start (its audience checked by the route dispatcher) lets the feature read its request, needs an
/// active program definition (409 otherwise), then starts the run and answers 202 with the status URL (200 with the
/// existing run for a singleton started again). Nothing is written for a refused request.
/// </summary>
public sealed class BatchRunStarts(ProgramDefinitionCache definitions, IOptions<WorkflowOptions> options)
{
    /// <summary>Starts a run from a staff request by <paramref name="staffId"/>; <paramref name="read"/> gets who starts it and reads the feature's body.</summary>
    public async Task<IResult> StartFromStaffAsync(
        HttpRequest request,
        DurableTaskClient client,
        string staffId,
        BatchRunType run,
        Func<string, CancellationToken, Task<StaffRunStart>> read,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrEmpty(staffId);
        ArgumentNullException.ThrowIfNull(read);
        var start = await read(staffId, cancellationToken);
        if (start.Problem is not null)
        {
            return start.Problem;
        }

        if (!await HasActiveDefinitionAsync(cancellationToken))
        {
            return ApiProblems.Conflict(run.NoActiveDefinition);
        }

        if (start.BeforeStart is not null)
        {
            await start.BeforeStart(cancellationToken);
        }

        var result = await StartAsync(client, run, start.InstanceId, start.Input!, cancellationToken);
        return RunStarter.Answer(result, run.Kind, options.Value);
    }

    /// <summary>
    /// The console's start of a run (its form checked by the page dispatcher): the same checks as
    /// <see cref="StartFromStaffAsync"/>, answered by a redirect to the run's page, or to the runs page with the reason
    /// it did not start.
    /// </summary>
    public async Task<IResult> StartFromPageAsync(DurableTaskClient client, BatchRunType run, StaffRunStart start, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(start);
        if (start.Problem is not null)
        {
            AuditScope.Current?.NothingChanged();
            return new PageRedirect("/staff/runs?message=" + Uri.EscapeDataString("The run was not started: the form was not complete."));
        }

        if (!await HasActiveDefinitionAsync(cancellationToken))
        {
            AuditScope.Current?.NothingChanged();
            return new PageRedirect("/staff/runs?message=" + Uri.EscapeDataString(run.NoActiveDefinition));
        }

        if (start.BeforeStart is not null)
        {
            await start.BeforeStart(cancellationToken);
        }

        var result = await StartAsync(client, run, start.InstanceId, start.Input!, cancellationToken);
        return new PageRedirect(RunPageHandlers.PathOf(RunStarter.RouteName(run.Kind), result.InstanceId));
    }

    /// <summary>Starts a run (a singleton only when no run with its id is pending, running, suspended or completed).</summary>
    public static async Task<RunStartResult> StartAsync(DurableTaskClient client, BatchRunType run, string instanceId, object input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var result = run.Singleton
            ? await RunStarter.StartOnceAsync(client, run.Orchestrator, instanceId, input, cancellationToken)
            : await RunStarter.StartNewAsync(client, run.Orchestrator, instanceId, input, cancellationToken);

        // A request's audit line says which run it started; asking again for a singleton that exists starts nothing.
        if (result.Started)
        {
            AuditScope.Current?.Change("run " + result.InstanceId, null, new { kind = run.Kind, instanceId = result.InstanceId, input });
        }
        else
        {
            AuditScope.Current?.NothingChanged();
        }

        return result;
    }

    /// <summary>Whether a program definition is active (a batch run evaluates against it).</summary>
    public async Task<bool> HasActiveDefinitionAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await definitions.GetActiveAsync(cancellationToken);
            return true;
        }
        catch (NoActiveDefinitionException)
        {
            return false;
        }
    }
}
