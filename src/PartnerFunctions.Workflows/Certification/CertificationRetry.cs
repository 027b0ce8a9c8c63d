using Microsoft.DurableTask;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// Retries of the certification's activities: a transient notification failure waits as long as the provider asked
/// (<see cref="NotificationRetry"/>); any other failure (a storage hiccup) is tried up to three times, 2 then 4 seconds
/// apart. Activities are idempotent, so a retry never repeats what the failed try did.
/// </summary>
internal static class CertificationRetry
{
    private const int MaxNotificationAttempts = 8;
    private const int MaxAttempts = 3;

    public static TaskOptions Options { get; } = TaskOptions.FromRetryHandler(async retry =>
    {
        if (NotificationRetry.ShouldRetry(retry.LastFailure, retry.LastAttemptNumber, MaxNotificationAttempts))
        {
            await retry.OrchestrationContext.CreateTimer(NotificationRetry.DelayFor(retry.LastFailure, TimeSpan.FromHours(1)), retry.CancellationToken);
            return true;
        }

        if (retry.LastAttemptNumber >= MaxAttempts)
        {
            return false;
        }

        await retry.OrchestrationContext.CreateTimer(TimeSpan.FromSeconds(2 * retry.LastAttemptNumber), retry.CancellationToken);
        return true;
    });
}
