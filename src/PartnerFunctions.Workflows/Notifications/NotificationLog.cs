using Microsoft.Extensions.Logging;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>The notification service's log messages (one logger, the service's category, for all its parts).</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} ({Template}, {Language}) sent")]
    public static partial void Sent(ILogger logger, string instanceId, string step, string template, string language);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} ({Template}) was sent before: not sent again")]
    public static partial void AlreadySent(ILogger logger, string instanceId, string step, string template);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} is being sent by another worker; retry after {RetryAfter}")]
    public static partial void InProgress(ILogger logger, string instanceId, string step, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step} ({Template}) refused by the provider for good: {Error}")]
    public static partial void Refused(ILogger logger, string instanceId, string step, string template, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step} failed transiently ({Error}); provider asked to wait {RetryAfter}")]
    public static partial void Transient(ILogger logger, string instanceId, string step, string? error, TimeSpan? retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: the send lease ran out during the send and another worker claimed it; it may be sent twice")]
    public static partial void LeaseLost(ILogger logger, string instanceId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: its send call {SendCallId} was accepted by the provider before the worker could record it; marked sent, not sent again")]
    public static partial void RecoveredSent(ILogger logger, string instanceId, string step, string sendCallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step}: the provider cannot tell now whether send call {SendCallId} went out ({Error}); trying later")]
    public static partial void LookupLater(ILogger logger, string instanceId, string step, string sendCallId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: the provider cannot tell whether send call {SendCallId} went out ({Error}); sending again, it may arrive twice")]
    public static partial void OutcomeUnknown(ILogger logger, string instanceId, string step, string sendCallId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} '{Template}' emails was refused ({Error}): splitting it to isolate the refused recipients")]
    public static partial void BatchSplit(ILogger logger, string template, int count, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wave of {Count} notifications for {InstanceId}: {Sent} sent, {AlreadySent} already sent, {Failed} refused, {Deferred} deferred, {ProviderCalls} provider calls")]
    public static partial void Wave(ILogger logger, string instanceId, int count, int sent, int alreadySent, int failed, int deferred, int providerCalls);
}
