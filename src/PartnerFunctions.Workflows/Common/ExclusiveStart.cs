using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Common;

/// <summary>What a start of a singleton instance came to.</summary>
/// <param name="Started">True when this call scheduled the instance.</param>
/// <param name="Status">When not started: the status of the run that holds the id (Pending while it is being started).</param>
public sealed record ExclusiveStartResult(bool Started, OrchestrationRuntimeStatus Status);

/// <summary>
/// Starts a singleton instance so that of concurrent starts exactly one schedules it. The engine's own duplicate
/// check is not enough: on the Azure Storage provider (Durable Functions' default and the local host's store) it
/// reads the instance's status and then writes, so concurrent starts all pass it and all answer "started" while the
/// duplicates are dropped. Here a start first takes the instance's claim (<see cref="IWorkflowStartClaims"/>,
/// decided by the storage service); only its holder schedules, and a claim is taken over only once its run is no
/// longer pending, running or suspended (or its holder vanished before scheduling for <see cref="StartingTimeout"/>).
/// </summary>
public sealed class ExclusiveStart(IWorkflowStartClaims claims, TimeProvider clock)
{
    /// <summary>How long a claim whose holder has not scheduled yet keeps others out (a holder that crashed).</summary>
    public static readonly TimeSpan StartingTimeout = TimeSpan.FromMinutes(2);

    private const int MaxAttempts = 3;

    /// <summary>
    /// Runs <paramref name="schedule"/> (which must pass dedupe statuses to the engine) unless another start holds
    /// <paramref name="instanceId"/> or its run is pending, running or suspended.
    /// </summary>
    public async Task<ExclusiveStartResult> StartAsync(DurableTaskClient client, string instanceId, Func<CancellationToken, Task> schedule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(schedule);
        for (var attempt = 1; ; attempt++)
        {
            var now = clock.GetUtcNow();
            var claim = await claims.TryClaimAsync(instanceId, null, now, cancellationToken);
            if (claim is null)
            {
                var held = await claims.GetAsync(instanceId, cancellationToken);
                if (held is null && attempt < MaxAttempts)
                {
                    continue; // given back meanwhile: try to take it again
                }

                if (held is null || (!held.Started && now - held.ClaimedAt < StartingTimeout))
                {
                    return new ExclusiveStartResult(false, OrchestrationRuntimeStatus.Pending);
                }

                var run = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
                if (run is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
                {
                    return new ExclusiveStartResult(false, run.RuntimeStatus);
                }

                // The claimed run is over (or never came): take the claim over; one of concurrent takers wins.
                claim = await claims.TryClaimAsync(instanceId, held, now, cancellationToken);
                if (claim is null)
                {
                    return new ExclusiveStartResult(false, OrchestrationRuntimeStatus.Pending);
                }
            }

            try
            {
                await schedule(cancellationToken);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // A run that predates the claims still holds the id: it stands.
                await claims.ReleaseAsync(claim, CancellationToken.None);
                return new ExclusiveStartResult(false, OrchestrationRuntimeStatus.Running);
            }
            catch
            {
                await claims.ReleaseAsync(claim, CancellationToken.None);
                throw;
            }

            await claims.MarkStartedAsync(claim, CancellationToken.None);
            return new ExclusiveStartResult(true, OrchestrationRuntimeStatus.Pending);
        }
    }
}
