using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>Settings of the notification service (section "Notifications": e.g. Notifications__SendLease).</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>
    /// How long a worker that recorded or claimed a notification owns its send. Another delivery of the same
    /// activity finding the entry pending within the lease does not send (it is retried later); after it, the
    /// worker is presumed dead and the entry is claimed again. Must exceed the sender's worst case (its retries
    /// and timeouts) and stay below the activity redelivery timeout (5 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(4);

    /// <summary>Wait asked of the engine after a transient failure when the provider gave no delay.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Outbox writes in flight at once during a wave.</summary>
    [Range(1, 64)]
    public int MaxParallelOutboxWrites { get; set; } = 8;
}
