using System.Globalization;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>What a worker may do with a notification's outbox row.</summary>
internal enum ClaimKind
{
    Owned,
    Claimable,
    AlreadySent,
    FailedBefore,
    InProgress,
}

/// <summary>A claim's answer: the row when owned or claimable, the wait when another worker is sending it.</summary>
internal sealed record Claim(ClaimKind Kind, OutboxEntry? Entry, TimeSpan RetryAfter)
{
    public static Claim Owned(OutboxEntry entry) => new(ClaimKind.Owned, entry, TimeSpan.Zero);

    public static Claim Of(ClaimKind kind) => new(kind, null, TimeSpan.Zero);

    public static Claim InProgress(TimeSpan retryAfter) => new(ClaimKind.InProgress, null, retryAfter);
}

/// <summary>
/// Lease claims on outbox rows (see <see cref="NotificationService"/>): the worker whose insert created a row owns it
/// from its CreatedAt; a row found pending is examined (done, being sent by its owner within the lease, or free once
/// the provider has said whether its previous call went out) and claimed by an ETag-conditional write of a new lease.
/// </summary>
internal sealed class NotificationLeaseClaims(INotificationOutbox outbox, NotificationOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Start of the LastError text of a row claimed for sending (followed by the claim time, round-trip format).</summary>
    public const string LeaseMarker = "sending; lease from ";

    /// <summary>A new provider call id: unique, short, and safe to quote in a provider query.</summary>
    public static string NewSendCallId() => Guid.NewGuid().ToString("N");

    /// <summary>The LastError text of a lease taken now.</summary>
    public string LeaseText() => LeaseMarker + time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The outbox row of a notification, to be carried by provider call <paramref name="sendCallId"/>.</summary>
    public NotificationRequest Request(PreparedNotification prepared, string sendCallId) => prepared.Request(sendCallId, time.GetUtcNow());

    /// <summary>Inserts the row (owned when created) or claims the one found.</summary>
    public async Task<Claim> ClaimAsync(PreparedNotification prepared, string sendCallId, SendCallLookups lookups, CancellationToken cancellationToken)
    {
        var added = await outbox.TryAddAsync(Request(prepared, sendCallId), cancellationToken);
        return added.Created
            ? Claim.Owned(added.Entry)
            : await ClaimOneAsync(prepared, added.Entry, lookups, cancellationToken);
    }

    /// <summary>Claims a row found existing for a call of its own (ETag-conditional; a lost race looks again).</summary>
    public async Task<Claim> ClaimOneAsync(PreparedNotification prepared, OutboxEntry entry, SendCallLookups lookups, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var claim = await ExaminePendingAsync(prepared, entry, lookups, cancellationToken);
            if (claim.Kind != ClaimKind.Claimable)
            {
                return claim;
            }

            try
            {
                var claimed = await outbox.MarkSendingManyAsync([claim.Entry!], NewSendCallId(), LeaseText(), cancellationToken);
                return Claim.Owned(claimed[0]);
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Another worker claimed (or finished) it first: look again.
                entry = await outbox.GetAsync(entry.Key, cancellationToken)
                    ?? throw new InvalidOperationException($"Outbox entry {entry.Key} disappeared while being claimed.");
            }
        }
    }

    /// <summary>
    /// A row that was there before: done, being sent by its owner, or free to claim once the provider has said whether
    /// the previous call that carried it went out (then it is marked sent here, and not sent again).
    /// </summary>
    public async Task<Claim> ExaminePendingAsync(PreparedNotification prepared, OutboxEntry entry, SendCallLookups lookups, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            switch (entry.State)
            {
                case NotificationState.Sent:
                    return Claim.Of(ClaimKind.AlreadySent);
                case NotificationState.Failed:
                    return Claim.Of(ClaimKind.FailedBefore);
            }

            var now = time.GetUtcNow();
            if (LeaseEnd(entry) is { } end && end > now)
            {
                return Claim.InProgress(end - now);
            }

            if (entry.SendCallId is not { Length: > 0 } previousCall)
            {
                return new Claim(ClaimKind.Claimable, entry, TimeSpan.Zero);
            }

            var found = await lookups.FindAsync(previousCall, cancellationToken);
            switch (found.Status)
            {
                case SendCallStatus.Accepted:
                    // The call went out before its worker could record it: record it now.
                    try
                    {
                        await outbox.MarkSentAsync(entry, "accepted (found by send call " + previousCall + ")", now, cancellationToken);
                        NotificationLog.RecoveredSent(logger, prepared.Key.InstanceId, prepared.Key.Step, previousCall);
                        return Claim.Of(ClaimKind.AlreadySent);
                    }
                    catch (ConcurrencyConflictException) when (attempt < 3)
                    {
                        entry = await outbox.GetAsync(entry.Key, cancellationToken)
                            ?? throw new InvalidOperationException($"Outbox entry {entry.Key} disappeared while being recorded.");
                        continue;
                    }

                case SendCallStatus.TryLater:
                    NotificationLog.LookupLater(logger, prepared.Key.InstanceId, prepared.Key.Step, previousCall, found.Error);
                    return Claim.InProgress(found.RetryAfter ?? options.DefaultRetryAfter);
                case SendCallStatus.Unavailable:
                    NotificationLog.OutcomeUnknown(logger, prepared.Key.InstanceId, prepared.Key.Step, previousCall, found.Error);
                    break;
            }

            return new Claim(ClaimKind.Claimable, entry, TimeSpan.Zero);
        }
    }

    /// <summary>When the current owner's send lease ends, or null when nobody holds one (free to claim).</summary>
    private DateTimeOffset? LeaseEnd(OutboxEntry entry)
    {
        if (entry.LastError is { } text && text.StartsWith(LeaseMarker, StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text.AsSpan(LeaseMarker.Length), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var from)
                ? from + options.SendLease
                : null;
        }

        // Never tried: the worker whose insert created it is sending it.
        return entry.Attempts == 0 && entry.LastError is null ? entry.CreatedAt + options.SendLease : null;
    }
}
