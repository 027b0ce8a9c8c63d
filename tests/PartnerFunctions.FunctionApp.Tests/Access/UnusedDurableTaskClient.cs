using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>
/// A Durable Task client that fails any use: access tests pass it to handlers that must refuse the call before they
/// reach the engine (a refused call that scheduled or queried anything fails the test).
/// </summary>
internal sealed class UnusedDurableTaskClient() : DurableTaskClient("unused")
{
    public int Calls { get; private set; }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw Used();

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Used();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default) => throw Used();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default) => throw Used();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw Used();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Used();

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw Used();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw Used();

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) => throw Used();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Used();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw Used();

    private InvalidOperationException Used()
    {
        Calls++;
        return new InvalidOperationException("A refused call reached the Durable Task engine.");
    }
}
