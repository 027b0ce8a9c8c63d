using System.Globalization;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// A notification could not be sent now (the provider answered 429/5xx after its own retries, or another worker holds
/// the send lease): thrown so that the activity fails and the engine retries it after <see cref="RetryAfter"/>. The
/// delay is also written into the message (<c>[retry-after-ms=N]</c>) because only the exception's type name and message
/// reach the orchestration's retry handler (<see cref="NotificationRetry"/>).
/// </summary>
public sealed partial class NotificationTransientException : Exception
{
    public NotificationTransientException()
        : this("The notification could not be sent now.", TimeSpan.Zero)
    {
    }

    public NotificationTransientException(string message)
        : this(message, TimeSpan.Zero)
    {
    }

    public NotificationTransientException(string message, Exception innerException)
        : this(message, TimeSpan.Zero, innerException)
    {
    }

    public NotificationTransientException(string reason, TimeSpan retryAfter, Exception? innerException = null)
        : base(Format(reason, retryAfter), innerException)
    {
        RetryAfter = retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter;
    }

    /// <summary>How long to wait before trying again (what the provider asked for, or the remaining send lease).</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>The delay written by this exception into a (failure) message, or null.</summary>
    public static TimeSpan? ParseRetryAfter(string? message)
    {
        if (message is null)
        {
            return null;
        }

        var match = RetryAfterMarker().Match(message);
        return match.Success && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
    }

    private static string Format(string reason, TimeSpan retryAfter)
    {
        var ms = (long)Math.Max(0, Math.Ceiling(retryAfter.TotalMilliseconds));
        return string.Create(CultureInfo.InvariantCulture, $"{reason} Retry after {ms / 1000.0:0.###} s [retry-after-ms={ms}]");
    }

    [GeneratedRegex(@"\[retry-after-ms=(\d{1,15})\]", RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterMarker();
}
