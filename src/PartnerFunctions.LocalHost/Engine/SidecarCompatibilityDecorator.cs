using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Testing.Sidecar.Dispatcher;

namespace PartnerFunctions.LocalHost.Engine;

/// <summary>
/// Makes what the preview gRPC sidecar writes readable by the Azure Storage store, so sub-orchestrations work:
/// (a) a child's <see cref="ExecutionStartedEvent"/> carries the protobuf Tags map, which the store cannot deserialize
/// back (the start message would be retried forever): copy it into a plain dictionary; (b) the parent's history gets
/// the sidecar's <see cref="GrpcSubOrchestrationInstanceCreatedEvent"/> subclass, which the store writes as a row
/// without an EventType (the parent then fails to load): swap it for the standard event.
/// </summary>
public sealed class SidecarCompatibilityDecorator(IOrchestrationService inner) : OrchestrationServiceDecorator(inner)
{
    public override Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage? continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        ArgumentNullException.ThrowIfNull(newOrchestrationRuntimeState);
        ArgumentNullException.ThrowIfNull(orchestratorMessages);
        ReplaceSubclassEvents(newOrchestrationRuntimeState.Events);
        ReplaceSubclassEvents(newOrchestrationRuntimeState.NewEvents);
        foreach (var message in orchestratorMessages)
        {
            NormalizeTags(message.Event);
        }

        if (continuedAsNewMessage is not null)
        {
            NormalizeTags(continuedAsNewMessage.Event);
        }

        return base.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    internal static void NormalizeTags(HistoryEvent historyEvent)
    {
        if (historyEvent is ExecutionStartedEvent { Tags: { } tags } started && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
        }
    }

    // The runtime state's event lists are mutable List<HistoryEvent>s: replacing in place is enough. The swap drops
    // the parent trace context, which only affects tracing.
    internal static void ReplaceSubclassEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is GrpcSubOrchestrationInstanceCreatedEvent created)
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                };
            }
        }
    }
}
