namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// The claim a caller holds while it starts a singleton workflow instance: at most one per instance id, written
/// insert-if-absent or by replacing a given version (If-Match), so of any number of concurrent starts exactly one
/// holds it.
/// </summary>
/// <param name="InstanceId">The workflow instance the claim is for.</param>
/// <param name="Started">False while its holder is starting the instance; true once the engine has it.</param>
/// <param name="ClaimedAt">When the claim was taken.</param>
/// <param name="ETag">Opaque concurrency token of the stored claim.</param>
public sealed record WorkflowStartClaim(string InstanceId, bool Started, DateTimeOffset ClaimedAt, string ETag);

/// <summary>Start claims of singleton workflow instances (see <see cref="WorkflowStartClaim"/>).</summary>
public interface IWorkflowStartClaims
{
    /// <summary>The stored claim of an instance, or null.</summary>
    Task<WorkflowStartClaim?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the claim (not started) when none is stored, or, with <paramref name="replacing"/>, when the stored one is
    /// still that version. Null when another caller holds or took it: exactly one of concurrent callers gets it.
    /// </summary>
    Task<WorkflowStartClaim?> TryClaimAsync(string instanceId, WorkflowStartClaim? replacing, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks a claim held by the caller as started (no-op when it was taken over meanwhile).</summary>
    Task MarkStartedAsync(WorkflowStartClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim back after a start that failed (no-op when it was taken over meanwhile).</summary>
    Task ReleaseAsync(WorkflowStartClaim claim, CancellationToken cancellationToken = default);
}
