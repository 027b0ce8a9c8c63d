using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Batch sending: one provider call for many recipients of one template and language (shared bodies, per-recipient
/// subject, substitutions and idempotency key). A call refused for some recipients' data is split in halves, each a
/// new call recorded on its rows before it is made, until the refused ones are alone; an accepted call's rows are
/// marked sent in transactions of up to 100.
/// </summary>
internal sealed class NotificationBatchSender(
    IBatchEmailSender batchSender,
    INotificationOutbox outbox,
    NotificationLeaseClaims claims,
    NotificationSingleSender single,
    NotificationOptions options,
    TimeProvider time,
    ILogger logger)
{
    public async Task SendBatchAsync(TemplateSkeleton skeleton, string sendCallId, List<OwnedNotification> items, WaveTally tally, CancellationToken cancellationToken)
    {
        var batch = new EmailBatch(
            skeleton.HtmlBody,
            skeleton.TextBody,
            items.Select(i => new EmailBatchRecipient(i.Prepared.To, i.Prepared.Email.Subject, i.Prepared.Substitutions!, i.Prepared.IdempotencyKey)).ToList())
        {
            SendCallId = sendCallId,
        };
        EmailBatchResult answer;
        try
        {
            answer = await batchSender.SendBatchAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            answer = new EmailBatchResult(new EmailSendResult(EmailSendStatus.Transient, null, ex.Message, null) { OutcomeUnknown = true }, SplitMayHelp: false);
        }

        tally.ProviderCalls++;
        var result = answer.Result;
        if (result.Status == EmailSendStatus.Permanent && answer.SplitMayHelp && items.Count > 1)
        {
            await SplitAsync(skeleton, items, result, tally, cancellationToken);
            return;
        }

        if (result.Status == EmailSendStatus.Accepted)
        {
            await RecordSentAsync(items, result.ProviderMessageId, tally, cancellationToken);
            return;
        }

        var outcomes = new NotificationOutcome?[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await single.RecordAsync(items[i].Prepared, items[i].Entry, result, token));
        for (var i = 0; i < items.Count; i++)
        {
            tally.Count(items[i].Prepared.Key, outcomes[i], result.RetryAfter ?? options.DefaultRetryAfter);
        }
    }

    // One bad recipient refuses the whole call: halve until the refused ones are alone. Each half is a new call,
    // recorded on its rows before it is made.
    private async Task SplitAsync(TemplateSkeleton skeleton, List<OwnedNotification> items, EmailSendResult result, WaveTally tally, CancellationToken cancellationToken)
    {
        NotificationLog.BatchSplit(logger, skeleton.Template, items.Count, result.Error);
        var half = items.Count / 2;
        foreach (var part in new[] { items[..half], items[half..] })
        {
            var callId = NotificationLeaseClaims.NewSendCallId();
            List<OwnedNotification> claimed;
            try
            {
                var updated = await outbox.MarkSendingManyAsync(part.Select(o => o.Entry).ToList(), callId, claims.LeaseText(), cancellationToken);
                claimed = part.Select((o, j) => o with { Entry = updated[j] }).ToList();
            }
            catch (ConcurrencyConflictException)
            {
                // Our lease ran out and another worker claimed some of them: they are its to send.
                foreach (var item in part)
                {
                    NotificationLog.LeaseLost(logger, item.Prepared.Key.InstanceId, item.Prepared.Key.Step);
                    tally.Defer(options.DefaultRetryAfter);
                }

                continue;
            }

            await SendBatchAsync(skeleton, callId, claimed, tally, cancellationToken);
        }
    }

    // An accepted call's rows: one transaction per 100 rows; a transaction that lost a race is done row by row.
    private async Task RecordSentAsync(List<OwnedNotification> items, string? providerMessageId, WaveTally tally, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrEmpty(providerMessageId) ? "accepted" : providerMessageId;
        try
        {
            await outbox.MarkSentManyAsync(items.Select(i => i.Entry).ToList(), messageId, time.GetUtcNow(), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await Parallel.ForEachAsync(
                items,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
                async (item, token) => await single.MarkSentAsync(item.Entry, messageId, token));
        }

        foreach (var item in items)
        {
            NotificationLog.Sent(logger, item.Prepared.Key.InstanceId, item.Prepared.Key.Step, item.Prepared.Notification.Template, item.Prepared.Email.Language);
            tally.Count(item.Prepared.Key, NotificationOutcome.Sent, TimeSpan.Zero);
        }
    }
}
