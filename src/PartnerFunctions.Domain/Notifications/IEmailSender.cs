namespace PartnerFunctions.Domain.Notifications;

/// <summary>An email address with an optional display name.</summary>
public sealed record EmailAddress(string Email, string? Name = null);

/// <summary>A rendered email, ready to send.</summary>
/// <param name="IdempotencyKey">The outbox key of the notification, sent along so the provider's logs can be matched.</param>
public sealed record EmailMessage(EmailAddress To, string Subject, string HtmlBody, string TextBody, string IdempotencyKey)
{
    /// <summary>
    /// The id of this provider call, recorded in the outbox before the call and sent along (SendGrid: custom arg
    /// <c>pf_send_call</c>), so that after a crash <see cref="IEmailDeliveryLookup"/> can tell whether it went out.
    /// </summary>
    public string? SendCallId { get; init; }
}

/// <summary>What the email provider answered.</summary>
public enum EmailSendStatus
{
    /// <summary>Accepted for delivery.</summary>
    Accepted,

    /// <summary>A transient failure (429, 5xx, network): try again after <see cref="EmailSendResult.RetryAfter"/>.</summary>
    Transient,

    /// <summary>A permanent failure (bad address, 4xx other than 429): do not retry.</summary>
    Permanent,
}

/// <summary>The provider's answer to one send.</summary>
public sealed record EmailSendResult(EmailSendStatus Status, string? ProviderMessageId, string? Error, TimeSpan? RetryAfter)
{
    /// <summary>
    /// True for a transient failure after which the provider may still have accepted the call (network error or
    /// timeout once the request was sent); false when the provider answered (e.g. 429, 5xx: not accepted).
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    public static EmailSendResult Accepted(string? providerMessageId) => new(EmailSendStatus.Accepted, providerMessageId, null, null);
}

/// <summary>Sends emails (SendGrid in Azure; the same client pointed at a local capture endpoint when run locally).</summary>
public interface IEmailSender
{
    /// <summary>Sends one message. Never throws for provider errors: they come back as a result.</summary>
    Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
