using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>What became of each notification of a wave, and the longest wait asked for those to try again.</summary>
internal sealed class WaveTally
{
    public int Sent { get; set; }

    public int AlreadySent { get; set; }

    public int Failed { get; set; }

    public int Deferred { get; private set; }

    public int ProviderCalls { get; set; }

    public TimeSpan? RetryAfter { get; private set; }

    public Dictionary<NotificationKey, NotificationOutcome> Outcomes { get; } = [];

    public void Defer(TimeSpan retryAfter)
    {
        Deferred++;
        RetryAfter = RetryAfter is { } current && current >= retryAfter ? current : retryAfter;
    }

    /// <summary>Counts an outcome; null means it failed transiently and is deferred for <paramref name="retryAfter"/>.</summary>
    public void Count(NotificationKey key, NotificationOutcome? outcome, TimeSpan retryAfter)
    {
        if (outcome is { } known)
        {
            Outcomes[key] = known;
        }

        switch (outcome)
        {
            case NotificationOutcome.Sent:
                Sent++;
                break;
            case NotificationOutcome.FailedPermanently:
                Failed++;
                break;
            case null:
                Defer(retryAfter);
                break;
            default:
                AlreadySent++;
                break;
        }
    }
}
