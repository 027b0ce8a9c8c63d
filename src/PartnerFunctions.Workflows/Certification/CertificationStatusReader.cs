using Microsoft.DurableTask.Client;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// Reads a partner's certification of a competency from the engine (one instance per partner and competency): the API's
/// status route, the partner's certification pages and the console's partner page all read it here.
/// </summary>
public static class CertificationStatusReader
{
    /// <summary>The certification's status, or null when none was started.</summary>
    public static async Task<CertificationStatusResponse?> ReadAsync(DurableTaskClient client, string partnerId, string competencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var instanceId = CertificationRules.InstanceIdFor(partnerId, competencyId);

        // Inputs and outputs must be asked for, or the custom status comes back empty too.
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return null;
        }

        var completed = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is not null;
        return new CertificationStatusResponse(
            instanceId,
            partnerId,
            competencyId,
            metadata.RuntimeStatus,
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<CertificationStatus>(),
            completed ? metadata.ReadOutputAs<CertificationOutput>() : null,
            metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? metadata.FailureDetails?.ErrorMessage ?? "failed" : null);
    }

    /// <summary>The certifications started of each competency (one lookup each, in parallel), in the order given.</summary>
    public static async Task<IReadOnlyList<CertificationStatusResponse>> ReadAllAsync(DurableTaskClient client, string partnerId, IEnumerable<string> competencyIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(competencyIds);
        var all = await Task.WhenAll(competencyIds.Select(id => ReadAsync(client, partnerId, id, cancellationToken)));
        return all.OfType<CertificationStatusResponse>().ToArray();
    }

    /// <summary>True while the certification runs (a new one cannot start).</summary>
    public static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending;
}
