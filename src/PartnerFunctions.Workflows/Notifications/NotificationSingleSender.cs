using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Single send: one fully rendered email through <see cref="IEmailSender"/>, and the outcome recorded on its outbox
/// row (sent, refused for good, or released for a retry), tolerating a lease lost to another worker meanwhile.
/// </summary>
internal sealed class NotificationSingleSender(IEmailSender sender, INotificationOutbox outbox, NotificationOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Sends one owned row on its own (a wave's row that cannot go in a batch) and counts the outcome.</summary>
    public async Task SendAloneAsync(OwnedNotification item, WaveTally tally, CancellationToken cancellationToken)
    {
        var result = await SendOneAsync(item.Prepared, item.Entry.SendCallId, cancellationToken);
        tally.ProviderCalls++;
        var outcome = await RecordAsync(item.Prepared, item.Entry, result, cancellationToken);
        tally.Count(item.Prepared.Key, outcome, result.RetryAfter ?? options.DefaultRetryAfter);
    }

    /// <summary>One provider call; anything thrown is a transient result with an unknown outcome.</summary>
    public async Task<EmailSendResult> SendOneAsync(PreparedNotification prepared, string? sendCallId, CancellationToken cancellationToken)
    {
        var message = new EmailMessage(prepared.To, prepared.Email.Subject, prepared.Email.HtmlBody, prepared.Email.TextBody, prepared.IdempotencyKey)
        {
            SendCallId = sendCallId,
        };
        try
        {
            return await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sender reports provider errors as results; anything thrown (network, a bug) is treated as
            // transient so the row is released for the engine's retry instead of waiting out the lease.
            return new EmailSendResult(EmailSendStatus.Transient, null, ex.GetType().Name + ": " + ex.Message, null) { OutcomeUnknown = true };
        }
    }

    /// <summary>Records a send's result on the row. Null when it failed transiently (the caller defers it).</summary>
    public async Task<NotificationOutcome?> RecordAsync(PreparedNotification prepared, OutboxEntry entry, EmailSendResult result, CancellationToken cancellationToken)
    {
        var key = prepared.Key;
        switch (result.Status)
        {
            case EmailSendStatus.Accepted:
                await MarkSentAsync(entry, result.ProviderMessageId, cancellationToken);
                NotificationLog.Sent(logger, key.InstanceId, key.Step, prepared.Notification.Template, prepared.Email.Language);
                return NotificationOutcome.Sent;
            case EmailSendStatus.Permanent:
                await MarkFailedAsync(entry, "refused: " + (result.Error ?? "no reason given"), permanent: true, clearSendCall: false, cancellationToken);
                NotificationLog.Refused(logger, key.InstanceId, key.Step, prepared.Notification.Template, result.Error);
                return NotificationOutcome.FailedPermanently;
            default:
                // A provider that answered did not take the call: nothing to look up before the next try.
                await MarkFailedAsync(entry, "transient: " + (result.Error ?? "no reason given"), permanent: false, clearSendCall: !result.OutcomeUnknown, cancellationToken);
                NotificationLog.Transient(logger, key.InstanceId, key.Step, result.Error, result.RetryAfter);
                return null;
        }
    }

    /// <summary>Marks a row sent; when another worker claimed it meanwhile, the email did go out, so it still must say Sent.</summary>
    public async Task MarkSentAsync(OutboxEntry entry, string? providerMessageId, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrEmpty(providerMessageId) ? "accepted" : providerMessageId;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await outbox.MarkSentAsync(entry, messageId, time.GetUtcNow(), cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Our lease ran out during the send and another worker claimed the row. The email did go out, so
                // the row must say Sent unless that worker already recorded it.
                var fresh = await outbox.GetAsync(entry.Key, cancellationToken);
                if (fresh is null || fresh.State == NotificationState.Sent)
                {
                    return;
                }

                NotificationLog.LeaseLost(logger, entry.Key.InstanceId, entry.Key.Step);
                entry = fresh;
            }
        }
    }

    private async Task MarkFailedAsync(OutboxEntry entry, string failure, bool permanent, bool clearSendCall, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.MarkAttemptFailedAsync(entry, failure, permanent, clearSendCall, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another worker claimed the row after our lease ran out: its outcome is the one to keep.
            NotificationLog.LeaseLost(logger, entry.Key.InstanceId, entry.Key.Step);
        }
    }
}
