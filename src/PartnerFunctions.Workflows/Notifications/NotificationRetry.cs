using Microsoft.DurableTask;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Retry options for activities that send notifications: when the activity failed with
/// <see cref="NotificationTransientException"/>, wait (durable timer) for the delay the provider asked for, then retry;
/// any other failure is not retried here. Use as
/// <c>context.CallActivityAsync&lt;T&gt;(nameof(MyActivity), input, NotificationRetry.Options())</c>.
/// </summary>
public static class NotificationRetry
{
    /// <summary>Wait at least this long between tries (a provider reset already passed still deserves a breath).</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromSeconds(1);

    /// <summary>Retry options: at most <paramref name="maxAttempts"/> tries, each wait capped at <paramref name="maxDelay"/> (default 1 hour).</summary>
    public static TaskOptions Options(int maxAttempts = 8, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var cap = maxDelay ?? TimeSpan.FromHours(1);
        return TaskOptions.FromRetryHandler(async retry =>
        {
            if (!ShouldRetry(retry.LastFailure, retry.LastAttemptNumber, maxAttempts))
            {
                return false;
            }

            // Failure details come from history, so the delay (and this timer) replays identically.
            await retry.OrchestrationContext.CreateTimer(DelayFor(retry.LastFailure, cap), retry.CancellationToken);
            return true;
        });
    }

    /// <summary>True when the failure is a transient notification failure and tries remain.</summary>
    public static bool ShouldRetry(TaskFailureDetails failure, int lastAttemptNumber, int maxAttempts)
    {
        ArgumentNullException.ThrowIfNull(failure);

        // Compared by name: TaskFailureDetails.IsCausedBy loads the type with Type.GetType, which cannot find a type
        // of this assembly from the Durable Task assembly.
        return lastAttemptNumber < maxAttempts
            && string.Equals(failure.ErrorType, typeof(NotificationTransientException).FullName, StringComparison.Ordinal);
    }

    /// <summary>The wait before the next try: the delay in the failure's message, within [1 s, <paramref name="cap"/>].</summary>
    public static TimeSpan DelayFor(TaskFailureDetails failure, TimeSpan cap)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var asked = NotificationTransientException.ParseRetryAfter(failure.ErrorMessage) ?? MinimumDelay;
        return asked < MinimumDelay ? MinimumDelay : asked > cap ? cap : asked;
    }
}
