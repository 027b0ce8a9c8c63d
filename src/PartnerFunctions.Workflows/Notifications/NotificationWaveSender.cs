using System.Globalization;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// A wave (see <see cref="NotificationService"/>): render every notification, plan the provider calls, insert the
/// rows with their call ids in transactions of up to 100, claim the rows found existing, then send each call (batched
/// or alone) and tally the outcomes.
/// </summary>
internal sealed class NotificationWaveSender(
    INotificationOutbox outbox,
    NotificationTemplateRenderer renderer,
    NotificationWavePlanner planner,
    NotificationLeaseClaims claims,
    NotificationSingleSender single,
    NotificationBatchSender? batch,
    IEmailDeliveryLookup? lookup,
    NotificationOptions options,
    ILogger logger)
{
    public async Task<NotificationWaveResult> SendWaveAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var tally = new WaveTally();

        // Every notification is rendered first, so a template error fails the wave before anything is written.
        var prepared = new List<PreparedNotification>(notifications.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            var item = PreparedNotification.Prepare(notification, renderer);
            if (keys.Add(item.IdempotencyKey))
            {
                prepared.Add(item);
            }
            else
            {
                // The same key twice in one wave is one notification.
                tally.AlreadySent++;
            }
        }

        // The provider calls are planned first, so each row is inserted with the id of the call that will carry it.
        var calls = planner.PlanCalls(prepared, Enumerable.Range(0, prepared.Count));
        var requests = new NotificationRequest[prepared.Count];
        foreach (var call in calls)
        {
            foreach (var i in call.Items)
            {
                requests[i] = claims.Request(prepared[i], call.SendCallId);
            }
        }

        var added = prepared.Count == 0 ? [] : await outbox.TryAddManyAsync(requests, cancellationToken);
        var entries = new OutboxEntry?[prepared.Count];
        var recovered = new List<OwnedNotification>();
        var lookups = new SendCallLookups(lookup);
        var existing = Enumerable.Range(0, prepared.Count).Where(i => !added[i].Created).ToList();
        foreach (var i in Enumerable.Range(0, prepared.Count).Where(i => added[i].Created))
        {
            entries[i] = added[i].Entry;
        }

        var found = new Claim[prepared.Count];
        await Parallel.ForEachAsync(
            existing,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => found[i] = await claims.ExaminePendingAsync(prepared[i], added[i].Entry, lookups, token));
        var claimable = new List<int>();
        foreach (var i in existing)
        {
            switch (found[i].Kind)
            {
                case ClaimKind.Claimable:
                    claimable.Add(i);
                    break;
                case ClaimKind.AlreadySent:
                    tally.Count(prepared[i].Key, NotificationOutcome.AlreadySent, TimeSpan.Zero);
                    break;
                case ClaimKind.FailedBefore:
                    tally.Count(prepared[i].Key, NotificationOutcome.FailedPermanently, TimeSpan.Zero);
                    break;
                default:
                    tally.Defer(found[i].RetryAfter);
                    break;
            }
        }

        // Rows found pending (a wave tried again) are planned into calls of their own, each call recorded on its rows
        // in one transaction per 100 before it is made; a row someone else changed meanwhile is claimed on its own.
        var sends = calls
            .Select(call => (Call: call, Owned: call.Items.Where(i => entries[i] is not null).Select(i => new OwnedNotification(prepared[i], entries[i]!)).ToList()))
            .Where(send => send.Owned.Count > 0)
            .ToList();
        foreach (var call in planner.PlanCalls(prepared, claimable))
        {
            try
            {
                var claimed = await outbox.MarkSendingManyAsync(call.Items.Select(i => found[i].Entry!).ToList(), call.SendCallId, claims.LeaseText(), cancellationToken);
                sends.Add((call, call.Items.Select((i, j) => new OwnedNotification(prepared[i], claimed[j])).ToList()));
            }
            catch (ConcurrencyConflictException)
            {
                foreach (var i in call.Items)
                {
                    var claim = await claims.ClaimOneAsync(prepared[i], found[i].Entry!, lookups, cancellationToken);
                    if (claim.Kind == ClaimKind.Owned)
                    {
                        recovered.Add(new OwnedNotification(prepared[i], claim.Entry!));
                    }
                    else
                    {
                        tally.Count(prepared[i].Key, claim.Kind switch { ClaimKind.AlreadySent => NotificationOutcome.AlreadySent, ClaimKind.FailedBefore => NotificationOutcome.FailedPermanently, _ => null }, claim.RetryAfter);
                    }
                }
            }
        }

        foreach (var (call, owned) in sends)
        {
            if (call.Skeleton is { } skeleton && batch is not null)
            {
                await batch.SendBatchAsync(skeleton, call.SendCallId, owned, tally, cancellationToken);
            }
            else
            {
                await single.SendAloneAsync(owned[0], tally, cancellationToken);
            }
        }

        foreach (var item in recovered)
        {
            await single.SendAloneAsync(item, tally, cancellationToken);
        }

        var waveInstance = prepared.Count > 0 ? prepared[0].Key.InstanceId : string.Empty;
        NotificationLog.Wave(logger, waveInstance, notifications.Count, tally.Sent, tally.AlreadySent, tally.Failed, tally.Deferred, tally.ProviderCalls);
        if (tally.Deferred > 0)
        {
            throw new NotificationTransientException(
                string.Create(CultureInfo.InvariantCulture, $"Wave of {notifications.Count} notifications: {tally.Sent} sent, {tally.AlreadySent} already sent, {tally.Failed} refused, {tally.Deferred} to try again."),
                tally.RetryAfter ?? options.DefaultRetryAfter);
        }

        return new NotificationWaveResult(tally.Sent, tally.AlreadySent, tally.Failed, tally.ProviderCalls) { Outcomes = tally.Outcomes };
    }
}
