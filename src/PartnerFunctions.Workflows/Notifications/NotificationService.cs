using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Sends notifications through the outbox so that each (instance, step, recipient) goes out once.
/// <para>
/// Order: render (a template error fails before anything is written), record the row (insert-if-absent), send,
/// mark it sent (If-Match on the row's ETag). A row already Sent means AlreadySent; a row Failed (refused for good)
/// means FailedPermanently; neither sends.
/// </para>
/// <para>
/// Concurrency (two deliveries of one activity at once): a pending row is only sent by the worker that owns its
/// <em>send lease</em> (<see cref="NotificationOptions.SendLease"/>). The worker whose insert created the row owns it
/// from the row's CreatedAt (no extra write on the common path). Anyone else finding the row pending within that lease
/// does not send and throws <see cref="NotificationTransientException"/> (retry after the lease's remainder); by then
/// the row is Sent and the retry returns AlreadySent. A row whose lease ran out (its worker died mid-send) or whose
/// last try failed transiently is claimed by an ETag-conditional write that stamps a new lease (only one claimer
/// wins; the others see the new lease): <see cref="INotificationOutbox.MarkSendingManyAsync"/> writes a
/// "sending; lease from ..." text in LastError and the new send call id; Attempts therefore counts claims as well as
/// sends and failures.
/// </para>
/// <para>
/// A worker that dies after the provider accepted a call but before the rows are marked sent leaves pending rows
/// whose outcome is unknown. So every provider call has a <em>send call id</em>, recorded on its rows before the call
/// (in the insert on the common path) and sent along with it; whoever claims such a row after the lease first asks
/// the provider about that call through <see cref="IEmailDeliveryLookup"/> (one question per call, cached for the
/// wave): found means the call went out, and the rows are marked sent without sending again; not found means it never
/// did, and the row is sent; "ask later" defers it. Only when the provider cannot answer at all (no lookup, or
/// SendGrid's Email Activity API not enabled) is the row sent again, with a warning: the one case left at-least-once.
/// </para>
/// <para>
/// Waves (<see cref="SendWaveAsync"/>): the same per-recipient rows and leases; the recipients this worker owns are
/// grouped by template and language, each group rendered once with substitution tags (<c>%%h.field%%</c> in HTML,
/// <c>%%t.field%%</c> in text) and sent through <see cref="IBatchEmailSender"/> in calls of up to
/// <see cref="IBatchEmailSender.MaxRecipientsPerCall"/> recipients, each with its own subject, substitutions and
/// idempotency key. So N recipients of one template and language take ceil(N / 1000) calls. A batch refused for
/// some recipients' data is split in halves until the refused recipients are isolated; a recipient whose values are
/// too large for substitutions is sent alone, fully rendered. The calls are planned before the rows are written, so
/// the rows are inserted with their call ids and marked sent in transactions of up to 100 rows of one instance
/// (<see cref="INotificationOutbox.TryAddManyAsync"/>, <see cref="INotificationOutbox.MarkSentManyAsync"/>): a wave
/// costs about two storage transactions per 100 emails. Rows found existing (a wave tried again) are claimed and
/// sent one by one.
/// </para>
/// </summary>
public sealed partial class NotificationService : INotificationService
{
    /// <summary>Start of the LastError text of a row claimed for sending (followed by the claim time, round-trip format).</summary>
    internal const string LeaseMarker = "sending; lease from ";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    private readonly INotificationOutbox _outbox;
    private readonly IEmailSender _sender;
    private readonly IBatchEmailSender? _batchSender;
    private readonly IEmailDeliveryLookup? _lookup;
    private readonly NotificationTemplateRenderer _renderer;
    private readonly NotificationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NotificationService> _logger;

    public NotificationService(
        INotificationOutbox outbox,
        IEmailSender sender,
        NotificationTemplateRenderer renderer,
        IOptions<NotificationOptions> options,
        TimeProvider time,
        ILogger<NotificationService> logger,
        IBatchEmailSender? batchSender = null,
        IEmailDeliveryLookup? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _batchSender = batchSender;
        _lookup = lookup;
    }

    /// <summary>The substitution tag of a field in a wave's HTML body.</summary>
    public static string HtmlTag(string field) => "%%h." + field + "%%";

    /// <summary>The substitution tag of a field in a wave's text body.</summary>
    public static string TextTag(string field) => "%%t." + field + "%%";

    public async Task<NotificationOutcome> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(notification);
        var claim = await ClaimAsync(prepared, NewSendCallId(), new SendCallLookups(this), cancellationToken);
        switch (claim.Kind)
        {
            case ClaimKind.AlreadySent:
                LogAlreadySent(prepared.Key.InstanceId, prepared.Key.Step, prepared.Notification.Template);
                return NotificationOutcome.AlreadySent;
            case ClaimKind.FailedBefore:
                return NotificationOutcome.FailedPermanently;
            case ClaimKind.InProgress:
                LogInProgress(prepared.Key.InstanceId, prepared.Key.Step, claim.RetryAfter);
                throw new NotificationTransientException(
                    $"Notification {prepared.Key.InstanceId}/{prepared.Key.Step} is being sent by another worker.", claim.RetryAfter);
        }

        var result = await SendOneAsync(prepared, claim.Entry!.SendCallId, cancellationToken);
        var outcome = await RecordAsync(prepared, claim.Entry!, result, cancellationToken);
        if (outcome is { } done)
        {
            return done;
        }

        throw new NotificationTransientException(
            $"The email provider could not take notification {prepared.Key.InstanceId}/{prepared.Key.Step} now: {result.Error}",
            result.RetryAfter ?? _options.DefaultRetryAfter);
    }

    public async Task<NotificationWaveResult> SendWaveAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var tally = new WaveTally();

        // Every notification is rendered first, so a template error fails the wave before anything is written.
        var prepared = new List<Prepared>(notifications.Count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notification in notifications)
        {
            var item = Prepare(notification);
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
        var calls = PlanCalls(prepared, Enumerable.Range(0, prepared.Count));
        var requests = new NotificationRequest[prepared.Count];
        foreach (var call in calls)
        {
            foreach (var i in call.Items)
            {
                requests[i] = Request(prepared[i], call.SendCallId);
            }
        }

        var added = prepared.Count == 0 ? [] : await _outbox.TryAddManyAsync(requests, cancellationToken);
        var entries = new OutboxEntry?[prepared.Count];
        var recovered = new List<Owned>();
        var lookups = new SendCallLookups(this);
        var existing = Enumerable.Range(0, prepared.Count).Where(i => !added[i].Created).ToList();
        foreach (var i in Enumerable.Range(0, prepared.Count).Where(i => added[i].Created))
        {
            entries[i] = added[i].Entry;
        }

        var claims = new Claim[prepared.Count];
        await Parallel.ForEachAsync(
            existing,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => claims[i] = await ExaminePendingAsync(prepared[i], added[i].Entry, lookups, token));
        var claimable = new List<int>();
        foreach (var i in existing)
        {
            switch (claims[i].Kind)
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
                    tally.Defer(claims[i].RetryAfter);
                    break;
            }
        }

        // Rows found pending (a wave tried again) are planned into calls of their own, each call recorded on its rows
        // in one transaction per 100 before it is made; a row someone else changed meanwhile is claimed on its own.
        var sends = calls
            .Select(call => (Call: call, Owned: call.Items.Where(i => entries[i] is not null).Select(i => new Owned(prepared[i], entries[i]!)).ToList()))
            .Where(send => send.Owned.Count > 0)
            .ToList();
        var retryCalls = PlanCalls(prepared, claimable);
        foreach (var call in retryCalls)
        {
            try
            {
                var claimed = await _outbox.MarkSendingManyAsync(call.Items.Select(i => claims[i].Entry!).ToList(), call.SendCallId, LeaseText(), cancellationToken);
                sends.Add((call, call.Items.Select((i, j) => new Owned(prepared[i], claimed[j])).ToList()));
            }
            catch (ConcurrencyConflictException)
            {
                foreach (var i in call.Items)
                {
                    var claim = await ClaimOneAsync(prepared[i], claims[i].Entry!, lookups, cancellationToken);
                    if (claim.Kind == ClaimKind.Owned)
                    {
                        recovered.Add(new Owned(prepared[i], claim.Entry!));
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
            if (call.Skeleton is { } skeleton && _batchSender is not null)
            {
                await SendBatchAsync(_batchSender, skeleton, call.SendCallId, owned, tally, cancellationToken);
            }
            else
            {
                await SendAloneAsync(owned[0], tally, cancellationToken);
            }
        }

        foreach (var item in recovered)
        {
            await SendAloneAsync(item, tally, cancellationToken);
        }

        var waveInstance = prepared.Count > 0 ? prepared[0].Key.InstanceId : string.Empty;
        LogWave(waveInstance, notifications.Count, tally.Sent, tally.AlreadySent, tally.Failed, tally.Deferred, tally.ProviderCalls);
        if (tally.Deferred > 0)
        {
            throw new NotificationTransientException(
                string.Create(CultureInfo.InvariantCulture, $"Wave of {notifications.Count} notifications: {tally.Sent} sent, {tally.AlreadySent} already sent, {tally.Failed} refused, {tally.Deferred} to try again."),
                tally.RetryAfter ?? _options.DefaultRetryAfter);
        }

        return new NotificationWaveResult(tally.Sent, tally.AlreadySent, tally.Failed, tally.ProviderCalls) { Outcomes = tally.Outcomes };
    }

    /// <summary>
    /// The provider calls of a wave: recipients grouped by template and language, in calls of at most the provider's
    /// limit; without a batch sender, or when a recipient's values are too large for substitutions, one call each.
    /// </summary>
    private List<PlannedCall> PlanCalls(List<Prepared> prepared, IEnumerable<int> indexes)
    {
        var calls = new List<PlannedCall>();
        if (_batchSender is not { } batchSender)
        {
            calls.AddRange(indexes.Select(i => new PlannedCall(NewSendCallId(), [i], null)));
            return calls;
        }

        var perCall = Math.Max(1, batchSender.MaxRecipientsPerCall);
        foreach (var group in indexes.GroupBy(i => (prepared[i].Notification.Template, prepared[i].Email.Language)))
        {
            var skeleton = _renderer.RenderSkeleton(group.Key.Template, group.Key.Language, HtmlTag, TextTag);
            var batchable = new List<int>();
            foreach (var i in group)
            {
                var substitutions = Substitutions(skeleton, prepared[i].Values);
                if (SizeOf(substitutions) > batchSender.MaxSubstitutionBytesPerRecipient)
                {
                    calls.Add(new PlannedCall(NewSendCallId(), [i], null));
                }
                else
                {
                    prepared[i] = prepared[i] with { Substitutions = substitutions };
                    batchable.Add(i);
                }
            }

            calls.AddRange(batchable.Chunk(perCall).Select(chunk => new PlannedCall(NewSendCallId(), chunk, skeleton)));
        }

        return calls;
    }

    private async Task SendBatchAsync(IBatchEmailSender batchSender, TemplateSkeleton skeleton, string sendCallId, List<Owned> items, WaveTally tally, CancellationToken cancellationToken)
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
            // One bad recipient refuses the whole call: halve until the refused ones are alone. Each half is a new
            // call, recorded on its rows before it is made.
            LogBatchSplit(skeleton.Template, items.Count, result.Error);
            var half = items.Count / 2;
            foreach (var part in new[] { items[..half], items[half..] })
            {
                var callId = NewSendCallId();
                List<Owned> claimed;
                try
                {
                    var updated = await _outbox.MarkSendingManyAsync(part.Select(o => o.Entry).ToList(), callId, LeaseText(), cancellationToken);
                    claimed = part.Select((o, j) => o with { Entry = updated[j] }).ToList();
                }
                catch (ConcurrencyConflictException)
                {
                    // Our lease ran out and another worker claimed some of them: they are its to send.
                    foreach (var item in part)
                    {
                        LogLeaseLost(item.Prepared.Key.InstanceId, item.Prepared.Key.Step);
                        tally.Defer(_options.DefaultRetryAfter);
                    }

                    continue;
                }

                await SendBatchAsync(batchSender, skeleton, callId, claimed, tally, cancellationToken);
            }

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
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await RecordAsync(items[i].Prepared, items[i].Entry, result, token));
        for (var i = 0; i < items.Count; i++)
        {
            tally.Count(items[i].Prepared.Key, outcomes[i], result.RetryAfter ?? _options.DefaultRetryAfter);
        }
    }

    // An accepted call's rows: one transaction per 100 rows; a transaction that lost a race is done row by row.
    private async Task RecordSentAsync(List<Owned> items, string? providerMessageId, WaveTally tally, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrEmpty(providerMessageId) ? "accepted" : providerMessageId;
        try
        {
            await _outbox.MarkSentManyAsync(items.Select(i => i.Entry).ToList(), messageId, _time.GetUtcNow(), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await Parallel.ForEachAsync(
                items,
                new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
                async (item, token) => await MarkSentAsync(item.Entry, messageId, token));
        }

        foreach (var item in items)
        {
            LogSent(item.Prepared.Key.InstanceId, item.Prepared.Key.Step, item.Prepared.Notification.Template, item.Prepared.Email.Language);
            tally.Count(item.Prepared.Key, NotificationOutcome.Sent, TimeSpan.Zero);
        }
    }

    private async Task SendAloneAsync(Owned item, WaveTally tally, CancellationToken cancellationToken)
    {
        var result = await SendOneAsync(item.Prepared, item.Entry.SendCallId, cancellationToken);
        tally.ProviderCalls++;
        var outcome = await RecordAsync(item.Prepared, item.Entry, result, cancellationToken);
        tally.Count(item.Prepared.Key, outcome, result.RetryAfter ?? _options.DefaultRetryAfter);
    }

    private async Task<EmailSendResult> SendOneAsync(Prepared prepared, string? sendCallId, CancellationToken cancellationToken)
    {
        var message = new EmailMessage(prepared.To, prepared.Email.Subject, prepared.Email.HtmlBody, prepared.Email.TextBody, prepared.IdempotencyKey)
        {
            SendCallId = sendCallId,
        };
        try
        {
            return await _sender.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sender reports provider errors as results; anything thrown (network, a bug) is treated as
            // transient so the row is released for the engine's retry instead of waiting out the lease.
            return new EmailSendResult(EmailSendStatus.Transient, null, ex.GetType().Name + ": " + ex.Message, null) { OutcomeUnknown = true };
        }
    }

    /// <summary>Records a send's result on the row. Null when it failed transiently (the caller defers it).</summary>
    private async Task<NotificationOutcome?> RecordAsync(Prepared prepared, OutboxEntry entry, EmailSendResult result, CancellationToken cancellationToken)
    {
        var key = prepared.Key;
        switch (result.Status)
        {
            case EmailSendStatus.Accepted:
                await MarkSentAsync(entry, result.ProviderMessageId, cancellationToken);
                LogSent(key.InstanceId, key.Step, prepared.Notification.Template, prepared.Email.Language);
                return NotificationOutcome.Sent;
            case EmailSendStatus.Permanent:
                await MarkFailedAsync(entry, "refused: " + (result.Error ?? "no reason given"), permanent: true, clearSendCall: false, cancellationToken);
                LogRefused(key.InstanceId, key.Step, prepared.Notification.Template, result.Error);
                return NotificationOutcome.FailedPermanently;
            default:
                // A provider that answered did not take the call: nothing to look up before the next try.
                await MarkFailedAsync(entry, "transient: " + (result.Error ?? "no reason given"), permanent: false, clearSendCall: !result.OutcomeUnknown, cancellationToken);
                LogTransient(key.InstanceId, key.Step, result.Error, result.RetryAfter);
                return null;
        }
    }

    private async Task MarkSentAsync(OutboxEntry entry, string? providerMessageId, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrEmpty(providerMessageId) ? "accepted" : providerMessageId;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _outbox.MarkSentAsync(entry, messageId, _time.GetUtcNow(), cancellationToken);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Our lease ran out during the send and another worker claimed the row. The email did go out, so
                // the row must say Sent unless that worker already recorded it.
                var fresh = await _outbox.GetAsync(entry.Key, cancellationToken);
                if (fresh is null || fresh.State == NotificationState.Sent)
                {
                    return;
                }

                LogLeaseLost(entry.Key.InstanceId, entry.Key.Step);
                entry = fresh;
            }
        }
    }

    private async Task MarkFailedAsync(OutboxEntry entry, string failure, bool permanent, bool clearSendCall, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.MarkAttemptFailedAsync(entry, failure, permanent, clearSendCall, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another worker claimed the row after our lease ran out: its outcome is the one to keep.
            LogLeaseLost(entry.Key.InstanceId, entry.Key.Step);
        }
    }

    private async Task<Claim> ClaimAsync(Prepared prepared, string sendCallId, SendCallLookups lookups, CancellationToken cancellationToken)
    {
        var added = await _outbox.TryAddAsync(Request(prepared, sendCallId), cancellationToken);
        return added.Created
            ? Claim.Owned(added.Entry)
            : await ClaimOneAsync(prepared, added.Entry, lookups, cancellationToken);
    }

    private NotificationRequest Request(Prepared prepared, string sendCallId) =>
        new(prepared.Key, prepared.Notification.Template, prepared.Email.Subject, prepared.PayloadJson, _time.GetUtcNow()) { SendCallId = sendCallId };

    /// <summary>Claims a row found existing for a call of its own (ETag-conditional; a lost race looks again).</summary>
    private async Task<Claim> ClaimOneAsync(Prepared prepared, OutboxEntry entry, SendCallLookups lookups, CancellationToken cancellationToken)
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
                var claimed = await _outbox.MarkSendingManyAsync([claim.Entry!], NewSendCallId(), LeaseText(), cancellationToken);
                return Claim.Owned(claimed[0]);
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Another worker claimed (or finished) it first: look again.
                entry = await _outbox.GetAsync(entry.Key, cancellationToken)
                    ?? throw new InvalidOperationException($"Outbox entry {entry.Key} disappeared while being claimed.");
            }
        }
    }

    // A row that was there before: done, being sent by its owner, or free to claim once the provider has said whether
    // the previous call that carried it went out (then it is marked sent here, and not sent again).
    private async Task<Claim> ExaminePendingAsync(Prepared prepared, OutboxEntry entry, SendCallLookups lookups, CancellationToken cancellationToken)
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

            var now = _time.GetUtcNow();
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
                        await _outbox.MarkSentAsync(entry, "accepted (found by send call " + previousCall + ")", now, cancellationToken);
                        LogRecoveredSent(prepared.Key.InstanceId, prepared.Key.Step, previousCall);
                        return Claim.Of(ClaimKind.AlreadySent);
                    }
                    catch (ConcurrencyConflictException) when (attempt < 3)
                    {
                        entry = await _outbox.GetAsync(entry.Key, cancellationToken)
                            ?? throw new InvalidOperationException($"Outbox entry {entry.Key} disappeared while being recorded.");
                        continue;
                    }

                case SendCallStatus.TryLater:
                    LogLookupLater(prepared.Key.InstanceId, prepared.Key.Step, previousCall, found.Error);
                    return Claim.InProgress(found.RetryAfter ?? _options.DefaultRetryAfter);
                case SendCallStatus.Unavailable:
                    LogOutcomeUnknown(prepared.Key.InstanceId, prepared.Key.Step, previousCall, found.Error);
                    break;
            }

            return new Claim(ClaimKind.Claimable, entry, TimeSpan.Zero);
        }
    }

    private string LeaseText() => LeaseMarker + _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>A new provider call id: unique, short, and safe to quote in a provider query.</summary>
    private static string NewSendCallId() => Guid.NewGuid().ToString("N");

    /// <summary>When the current owner's send lease ends, or null when nobody holds one (free to claim).</summary>
    private DateTimeOffset? LeaseEnd(OutboxEntry entry)
    {
        if (entry.LastError is { } text && text.StartsWith(LeaseMarker, StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text.AsSpan(LeaseMarker.Length), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var from)
                ? from + _options.SendLease
                : null;
        }

        // Never tried: the worker whose insert created it is sending it.
        return entry.Attempts == 0 && entry.LastError is null ? entry.CreatedAt + _options.SendLease : null;
    }

    private async Task<SendCallLookup> LookUpAsync(string sendCallId, CancellationToken cancellationToken)
    {
        if (_lookup is null)
        {
            return new SendCallLookup(SendCallStatus.Unavailable, 0, "no delivery lookup is configured", null);
        }

        try
        {
            return await _lookup.FindSendCallAsync(sendCallId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new SendCallLookup(SendCallStatus.TryLater, 0, ex.GetType().Name + ": " + ex.Message, null);
        }
    }

    private Prepared Prepare(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.InstanceId, nameof(notification));
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.Step, nameof(notification));
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.RecipientEmail, nameof(notification));
        ArgumentException.ThrowIfNullOrWhiteSpace(notification.Template, nameof(notification));
        ArgumentNullException.ThrowIfNull(notification.Values, nameof(notification));

        var address = notification.RecipientEmail.Trim();
        var recipient = address.ToLowerInvariant();
        var name = string.IsNullOrWhiteSpace(notification.RecipientName) ? null : notification.RecipientName.Trim();
        var values = new Dictionary<string, string>(notification.Values, StringComparer.Ordinal);
        values.TryAdd(NotificationTemplateCatalog.RecipientName, name ?? address);
        var email = _renderer.Render(notification.Template, notification.Language, values);
        var key = new NotificationKey(notification.InstanceId, notification.Step, recipient);
        return new Prepared(
            notification,
            key,
            string.Join('|', notification.InstanceId, notification.Step, recipient),
            new EmailAddress(address, name),
            email,
            values,
            Payload(email.Language, values));
    }

    // The outbox keeps what was sent for reports, but not links: they may carry approval tokens, which must only
    // ever exist in the email itself.
    private static string Payload(string language, Dictionary<string, string> values)
    {
        var kept = values.ToDictionary(
            v => v.Key,
            v => v.Key.EndsWith("Url", StringComparison.Ordinal) ? "[link not stored]" : v.Value,
            StringComparer.Ordinal);
        return JsonSerializer.Serialize(new OutboxPayload(language, kept), PayloadJson);
    }

    private static Dictionary<string, string> Substitutions(TemplateSkeleton skeleton, IReadOnlyDictionary<string, string> values)
    {
        var substitutions = new Dictionary<string, string>(skeleton.Fields.Count * 2, StringComparer.Ordinal);
        foreach (var field in skeleton.Fields)
        {
            var value = values[field];
            substitutions[HtmlTag(field)] = NotificationTemplateRenderer.EncodeHtml(value);
            substitutions[TextTag(field)] = value;
        }

        return substitutions;
    }

    private static int SizeOf(Dictionary<string, string> substitutions) =>
        substitutions.Sum(s => Encoding.UTF8.GetByteCount(s.Key) + Encoding.UTF8.GetByteCount(s.Value));

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} ({Template}, {Language}) sent")]
    private partial void LogSent(string instanceId, string step, string template, string language);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} ({Template}) was sent before: not sent again")]
    private partial void LogAlreadySent(string instanceId, string step, string template);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step} is being sent by another worker; retry after {RetryAfter}")]
    private partial void LogInProgress(string instanceId, string step, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step} ({Template}) refused by the provider for good: {Error}")]
    private partial void LogRefused(string instanceId, string step, string template, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step} failed transiently ({Error}); provider asked to wait {RetryAfter}")]
    private partial void LogTransient(string instanceId, string step, string? error, TimeSpan? retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: the send lease ran out during the send and another worker claimed it; it may be sent twice")]
    private partial void LogLeaseLost(string instanceId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: its send call {SendCallId} was accepted by the provider before the worker could record it; marked sent, not sent again")]
    private partial void LogRecoveredSent(string instanceId, string step, string sendCallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {InstanceId}/{Step}: the provider cannot tell now whether send call {SendCallId} went out ({Error}); trying later")]
    private partial void LogLookupLater(string instanceId, string step, string sendCallId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {InstanceId}/{Step}: the provider cannot tell whether send call {SendCallId} went out ({Error}); sending again, it may arrive twice")]
    private partial void LogOutcomeUnknown(string instanceId, string step, string sendCallId, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} '{Template}' emails was refused ({Error}): splitting it to isolate the refused recipients")]
    private partial void LogBatchSplit(string template, int count, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wave of {Count} notifications for {InstanceId}: {Sent} sent, {AlreadySent} already sent, {Failed} refused, {Deferred} deferred, {ProviderCalls} provider calls")]
    private partial void LogWave(string instanceId, int count, int sent, int alreadySent, int failed, int deferred, int providerCalls);

    private enum ClaimKind
    {
        Owned,
        Claimable,
        AlreadySent,
        FailedBefore,
        InProgress,
    }

    private sealed record Claim(ClaimKind Kind, OutboxEntry? Entry, TimeSpan RetryAfter)
    {
        public static Claim Owned(OutboxEntry entry) => new(ClaimKind.Owned, entry, TimeSpan.Zero);

        public static Claim Of(ClaimKind kind) => new(kind, null, TimeSpan.Zero);

        public static Claim InProgress(TimeSpan retryAfter) => new(ClaimKind.InProgress, null, retryAfter);
    }

    private sealed record Prepared(
        Notification Notification,
        NotificationKey Key,
        string IdempotencyKey,
        EmailAddress To,
        RenderedEmail Email,
        IReadOnlyDictionary<string, string> Values,
        string PayloadJson)
    {
        /// <summary>The recipient's substitutions when it goes in a batch call (set by the wave's plan).</summary>
        public IReadOnlyDictionary<string, string>? Substitutions { get; init; }
    }

    private sealed record Owned(Prepared Prepared, OutboxEntry Entry);

    /// <summary>One provider call of a wave: its id, the indexes of its recipients, the shared bodies (null: sent alone).</summary>
    private sealed record PlannedCall(string SendCallId, IReadOnlyList<int> Items, TemplateSkeleton? Skeleton);

    /// <summary>The provider's answers about earlier calls, asked once per call id (a wave's rows share few calls).</summary>
    private sealed class SendCallLookups(NotificationService service)
    {
        private readonly Dictionary<string, Task<SendCallLookup>> _answers = new(StringComparer.Ordinal);

        public Task<SendCallLookup> FindAsync(string sendCallId, CancellationToken cancellationToken)
        {
            lock (_answers)
            {
                if (!_answers.TryGetValue(sendCallId, out var answer))
                {
                    answer = service.LookUpAsync(sendCallId, cancellationToken);
                    _answers[sendCallId] = answer;
                }

                return answer;
            }
        }
    }

    private sealed record OutboxPayload(string Language, IReadOnlyDictionary<string, string> Values);

    private sealed class WaveTally
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
}
