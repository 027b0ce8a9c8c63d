namespace PartnerFunctions.Domain.Notifications;

/// <summary>What the provider knows about one send call (found by its <see cref="EmailMessage.SendCallId"/>).</summary>
public enum SendCallStatus
{
    /// <summary>The provider has messages of that call: it accepted the call (a call is accepted or refused whole).</summary>
    Accepted,

    /// <summary>The provider has no message of that call: it never accepted it.</summary>
    NotFound,

    /// <summary>The provider cannot answer now (rate limited, 5xx, network): ask again after <see cref="SendCallLookup.RetryAfter"/>.</summary>
    TryLater,

    /// <summary>The provider will not answer (e.g. SendGrid's Email Activity API is not enabled for the key): the outcome stays unknown.</summary>
    Unavailable,
}

/// <summary>The answer of <see cref="IEmailDeliveryLookup.FindSendCallAsync"/>.</summary>
/// <param name="MessagesFound">Messages of the call the provider returned (0 unless Accepted).</param>
public sealed record SendCallLookup(SendCallStatus Status, int MessagesFound, string? Error, TimeSpan? RetryAfter)
{
    public static SendCallLookup Accepted(int messages) => new(SendCallStatus.Accepted, messages, null, null);

    public static SendCallLookup NotFound() => new(SendCallStatus.NotFound, 0, null, null);
}

/// <summary>
/// Asks the email provider whether a send call went out. Used only to recover: when a worker died between the
/// provider accepting a call and the outbox recording it, the row's outcome is unknown, and sending again would
/// email twice. SendGrid: the Email Activity API (<c>GET /v3/messages</c>, query on the custom arg
/// <c>pf_send_call</c>; rate limited to 6 requests a minute, so one lookup covers a whole call).
/// </summary>
public interface IEmailDeliveryLookup
{
    /// <summary>Never throws for provider errors: they come back as TryLater or Unavailable.</summary>
    Task<SendCallLookup> FindSendCallAsync(string sendCallId, CancellationToken cancellationToken = default);
}
