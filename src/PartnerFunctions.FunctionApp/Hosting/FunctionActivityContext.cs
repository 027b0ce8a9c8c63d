using Microsoft.DurableTask;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// The <see cref="TaskActivityContext"/> an activity-trigger wrapper passes to a shared <see cref="TaskActivity{TInput, TOutput}"/>
/// (the Functions activity trigger does not hand one over).
/// </summary>
public sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc />
    public override TaskName Name { get; } = name;

    /// <inheritdoc />
    public override string InstanceId { get; } = instanceId ?? string.Empty;
}
