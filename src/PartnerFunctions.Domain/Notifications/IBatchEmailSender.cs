namespace PartnerFunctions.Domain.Notifications;

/// <summary>
/// One recipient of an <see cref="EmailBatch"/>: the provider replaces each key of <paramref name="Substitutions"/>
/// found in the shared bodies by its value, for this recipient only.
/// </summary>
/// <param name="IdempotencyKey">The outbox key of this recipient's notification, sent along as with <see cref="EmailMessage"/>.</param>
public sealed record EmailBatchRecipient(EmailAddress To, string Subject, IReadOnlyDictionary<string, string> Substitutions, string IdempotencyKey);

/// <summary>One content sent to many recipients in one provider call, personalised by substitutions.</summary>
public sealed record EmailBatch(string HtmlBody, string TextBody, IReadOnlyList<EmailBatchRecipient> Recipients)
{
    /// <summary>The id of this provider call, sent with every recipient (see <see cref="EmailMessage.SendCallId"/>).</summary>
    public string? SendCallId { get; init; }
}

/// <summary>The provider's answer to a batch: it is accepted or refused as a whole.</summary>
/// <param name="SplitMayHelp">
/// True when a permanent refusal may come from some recipients' data (SendGrid: 400, 413), so sending the recipients
/// in smaller batches can deliver the others; false when it concerns every message (e.g. 401, 403).
/// </param>
public sealed record EmailBatchResult(EmailSendResult Result, bool SplitMayHelp);

/// <summary>
/// Sends a batch in one provider call (SendGrid: one personalization per recipient). Implemented by the SendGrid
/// sender; a host without one sends one message per recipient through <see cref="IEmailSender"/>.
/// </summary>
public interface IBatchEmailSender
{
    /// <summary>Most recipients one call may carry (SendGrid: 1,000 personalizations).</summary>
    int MaxRecipientsPerCall { get; }

    /// <summary>Most bytes of substitution keys and values one recipient may carry (SendGrid: 10,000).</summary>
    int MaxSubstitutionBytesPerRecipient { get; }

    /// <summary>Sends the batch in one call. Never throws for provider errors: they come back as a result.</summary>
    Task<EmailBatchResult> SendBatchAsync(EmailBatch batch, CancellationToken cancellationToken = default);
}
