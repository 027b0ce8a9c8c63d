using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>
/// Reads an orchestration's full history (every event: start input, activity inputs and outputs, external events,
/// timers, custom status, output) from the in-memory store of a <see cref="DurableTaskTestHost"/>. The client's
/// history API is not backed by that store (the sidecar only streams history to workers), so this reaches into the
/// store by reflection; if a package update changes its shape, the error says so instead of passing silently.
/// </summary>
internal static class OrchestrationHistory
{
    private static readonly JsonSerializerOptions Json = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };

    /// <summary>Each history event serialized as JSON (with its concrete type's properties).</summary>
    public static IReadOnlyList<string> Read(DurableTaskTestHost host, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(host);
        var sidecar = Field(host, "sidecarHost") as IHost
            ?? throw Shape("DurableTaskTestHost.sidecarHost");
        var service = sidecar.Services.GetRequiredService<IOrchestrationService>();
        var store = Field(Field(service, "instanceStore") ?? throw Shape("InMemoryOrchestrationService.instanceStore"), "store") as IDictionary
            ?? throw Shape("InMemoryInstanceStore.store");
        var state = store[instanceId] ?? throw new KeyNotFoundException($"No orchestration '{instanceId}' in the in-memory store.");
        var events = state.GetType().GetProperty("HistoryEventsJson", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(state) as JsonArray
            ?? throw Shape("SerializedInstanceState.HistoryEventsJson");
        lock (state)
        {
            return [.. events.Select(e => e!.GetValue<HistoryEvent>()).Select(e => JsonSerializer.Serialize(e, e.GetType(), Json))];
        }
    }

    private static object? Field(object target, string name) =>
        target.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(target);

    private static InvalidOperationException Shape(string member) =>
        new($"Cannot read orchestration history: {member} was not found (Microsoft.DurableTask.InProcessTestHost changed shape).");
}
