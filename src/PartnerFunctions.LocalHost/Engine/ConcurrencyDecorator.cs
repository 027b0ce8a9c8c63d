using DurableTask.Core;

namespace PartnerFunctions.LocalHost.Engine;

/// <summary>
/// Raises the work items the sidecar runs at once: the in-memory store reports Environment.ProcessorCount (2 here)
/// and its dispatchers then sleep 500 ms at the limit, i.e. about 4 activities per second.
/// </summary>
public sealed class ConcurrencyDecorator(IOrchestrationService inner, int maxOrchestrations, int maxActivities) : OrchestrationServiceDecorator(inner)
{
    public override int MaxConcurrentTaskOrchestrationWorkItems => maxOrchestrations;

    public override int MaxConcurrentTaskActivityWorkItems => maxActivities;
}
