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
/// wins; the others see the new lease). The interface has no dedicated claim operation, so the claim is written with
/// <see cref="INotificationOutbox.MarkAttemptFailedAsync"/> (not permanent) and a "sending; lease from ..." text in
/// LastError; Attempts therefore counts claims as well as sends and failures.
/// </para>
/// <para>
/// What remains at-least-once: a worker that dies after the provider accepted the email but before the row is marked
/// sent leaves a pending row; after its lease it is sent again. SendGrid has no idempotent send, so that window (one
/// storage write) cannot be closed; the idempotency key travels in the message's custom args to spot it.
/// </para>
/// <para>
/// Waves (<see cref="SendWaveAsync"/>): the same per-recipient rows and leases; the recipients this worker owns are
/// grouped by template and language, each group rendered once with substitution tags (<c>%%h.field%%</c> in HTML,
/// <c>%%t.field%%</c> in text) and sent through <see cref="IBatchEmailSender"/> in calls of up to
/// <see cref="IBatchEmailSender.MaxRecipientsPerCall"/> recipients, each with its own subject, substitutions and
/// idempotency key. So N recipients of one template and language take ceil(N / 1000) calls. A batch refused for
/// some recipients' data is split in halves until the refused recipients are isolated; a recipient whose values are
/// too large for substitutions is sent alone, fully rendered.
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
        IBatchEmailSender? batchSender = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _batchSender = batchSender;
    }

    /// <summary>The substitution tag of a field in a wave's HTML body.</summary>
    public static string HtmlTag(string field) => "%%h." + field + "%%";

    /// <summary>The substitution tag of a field in a wave's text body.</summary>
    public static string TextTag(string field) => "%%t." + field + "%%";

    public async Task<NotificationOutcome> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(notification);
        var claim = await ClaimAsync(prepared, cancellationToken);
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

        var result = await SendOneAsync(prepared, cancellationToken);
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

        var claims = new Claim[prepared.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, prepared.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => claims[i] = await ClaimAsync(prepared[i], token));

        var owned = new List<Owned>();
        for (var i = 0; i < prepared.Count; i++)
        {
            switch (claims[i].Kind)
            {
                case ClaimKind.Owned:
                    owned.Add(new Owned(prepared[i], claims[i].Entry!));
                    break;
                case ClaimKind.AlreadySent:
                    tally.AlreadySent++;
                    break;
                case ClaimKind.FailedBefore:
                    tally.Failed++;
                    break;
                default:
                    tally.Defer(claims[i].RetryAfter);
                    break;
            }
        }

        if (_batchSender is null)
        {
            foreach (var item in owned)
            {
                await SendAloneAsync(item, tally, cancellationToken);
            }
        }
        else
        {
            await SendInBatchesAsync(_batchSender, owned, tally, cancellationToken);
        }

        var waveInstance = prepared.Count > 0 ? prepared[0].Key.InstanceId : string.Empty;
        LogWave(waveInstance, notifications.Count, tally.Sent, tally.AlreadySent, tally.Failed, tally.Deferred, tally.ProviderCalls);
        if (tally.Deferred > 0)
        {
            throw new NotificationTransientException(
                string.Create(CultureInfo.InvariantCulture, $"Wave of {notifications.Count} notifications: {tally.Sent} sent, {tally.AlreadySent} already sent, {tally.Failed} refused, {tally.Deferred} to try again."),
                tally.RetryAfter ?? _options.DefaultRetryAfter);
        }

        return new NotificationWaveResult(tally.Sent, tally.AlreadySent, tally.Failed, tally.ProviderCalls);
    }

    private async Task SendInBatchesAsync(IBatchEmailSender batchSender, List<Owned> owned, WaveTally tally, CancellationToken cancellationToken)
    {
        var perCall = Math.Max(1, batchSender.MaxRecipientsPerCall);
        foreach (var group in owned.GroupBy(o => (o.Prepared.Notification.Template, o.Prepared.Email.Language)))
        {
            var skeleton = _renderer.RenderSkeleton(group.Key.Template, group.Key.Language, HtmlTag, TextTag);
            var batchable = new List<BatchItem>();
            foreach (var item in group)
            {
                var substitutions = Substitutions(skeleton, item.Prepared.Values);
                if (SizeOf(substitutions) > batchSender.MaxSubstitutionBytesPerRecipient)
                {
                    await SendAloneAsync(item, tally, cancellationToken);
                }
                else
                {
                    batchable.Add(new BatchItem(item, substitutions));
                }
            }

            foreach (var chunk in batchable.Chunk(perCall))
            {
                await SendBatchAsync(batchSender, skeleton, chunk, tally, cancellationToken);
            }
        }
    }

    private async Task SendBatchAsync(IBatchEmailSender batchSender, TemplateSkeleton skeleton, IReadOnlyList<BatchItem> items, WaveTally tally, CancellationToken cancellationToken)
    {
        var batch = new EmailBatch(
            skeleton.HtmlBody,
            skeleton.TextBody,
            items.Select(i => new EmailBatchRecipient(i.Owned.Prepared.To, i.Owned.Prepared.Email.Subject, i.Substitutions, i.Owned.Prepared.IdempotencyKey)).ToList());
        EmailBatchResult answer;
        try
        {
            answer = await batchSender.SendBatchAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            answer = new EmailBatchResult(new EmailSendResult(EmailSendStatus.Transient, null, ex.Message, null), SplitMayHelp: false);
        }

        tally.ProviderCalls++;
        var result = answer.Result;
        if (result.Status == EmailSendStatus.Permanent && answer.SplitMayHelp && items.Count > 1)
        {
            // One bad recipient refuses the whole call: halve until the refused ones are alone.
            LogBatchSplit(skeleton.Template, items.Count, result.Error);
            var half = items.Count / 2;
            await SendBatchAsync(batchSender, skeleton, items.Take(half).ToList(), tally, cancellationToken);
            await SendBatchAsync(batchSender, skeleton, items.Skip(half).ToList(), tally, cancellationToken);
            return;
        }

        var outcomes = new NotificationOutcome?[items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelOutboxWrites, CancellationToken = cancellationToken },
            async (i, token) => outcomes[i] = await RecordAsync(items[i].Owned.Prepared, items[i].Owned.Entry, result, token));
        foreach (var outcome in outcomes)
        {
            tally.Count(outcome, result.RetryAfter ?? _options.DefaultRetryAfter);
        }
    }

    private async Task SendAloneAsync(Owned item, WaveTally tally, CancellationToken cancellationToken)
    {
        var result = await SendOneAsync(item.Prepared, cancellationToken);
        tally.ProviderCalls++;
        var outcome = await RecordAsync(item.Prepared, item.Entry, result, cancellationToken);
        tally.Count(outcome, result.RetryAfter ?? _options.DefaultRetryAfter);
    }

    private async Task<EmailSendResult> SendOneAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        var message = new EmailMessage(prepared.To, prepared.Email.Subject, prepared.Email.HtmlBody, prepared.Email.TextBody, prepared.IdempotencyKey);
        try
        {
            return await _sender.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sender reports provider errors as results; anything thrown (network, a bug) is treated as
            // transient so the row is released for the engine's retry instead of waiting out the lease.
            return new EmailSendResult(EmailSendStatus.Transient, null, ex.GetType().Name + ": " + ex.Message, null);
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
                await MarkFailedAsync(entry, "refused: " + (result.Error ?? "no reason given"), permanent: true, cancellationToken);
                LogRefused(key.InstanceId, key.Step, prepared.Notification.Template, result.Error);
                return NotificationOutcome.FailedPermanently;
            default:
                await MarkFailedAsync(entry, "transient: " + (result.Error ?? "no reason given"), permanent: false, cancellationToken);
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

    private async Task MarkFailedAsync(OutboxEntry entry, string failure, bool permanent, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.MarkAttemptFailedAsync(entry, failure, permanent, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Another worker claimed the row after our lease ran out: its outcome is the one to keep.
            LogLeaseLost(entry.Key.InstanceId, entry.Key.Step);
        }
    }

    private async Task<Claim> ClaimAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        var request = new NotificationRequest(prepared.Key, prepared.Notification.Template, prepared.Email.Subject, prepared.PayloadJson, _time.GetUtcNow());
        var added = await _outbox.TryAddAsync(request, cancellationToken);
        if (added.Created)
        {
            return Claim.Owned(added.Entry);
        }

        var entry = added.Entry;
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

            try
            {
                var claimed = await _outbox.MarkAttemptFailedAsync(entry, LeaseMarker + now.ToString("O", CultureInfo.InvariantCulture), permanent: false, cancellationToken);
                return Claim.Owned(claimed);
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Another worker claimed (or finished) it first: look again.
                entry = await _outbox.GetAsync(entry.Key, cancellationToken)
                    ?? throw new InvalidOperationException($"Outbox entry {entry.Key} disappeared while being claimed.");
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} '{Template}' emails was refused ({Error}): splitting it to isolate the refused recipients")]
    private partial void LogBatchSplit(string template, int count, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wave of {Count} notifications for {InstanceId}: {Sent} sent, {AlreadySent} already sent, {Failed} refused, {Deferred} deferred, {ProviderCalls} provider calls")]
    private partial void LogWave(string instanceId, int count, int sent, int alreadySent, int failed, int deferred, int providerCalls);

    private enum ClaimKind
    {
        Owned,
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
        string PayloadJson);

    private sealed record Owned(Prepared Prepared, OutboxEntry Entry);

    private sealed record BatchItem(Owned Owned, IReadOnlyDictionary<string, string> Substitutions);

    private sealed record OutboxPayload(string Language, IReadOnlyDictionary<string, string> Values);

    private sealed class WaveTally
    {
        public int Sent { get; set; }

        public int AlreadySent { get; set; }

        public int Failed { get; set; }

        public int Deferred { get; private set; }

        public int ProviderCalls { get; set; }

        public TimeSpan? RetryAfter { get; private set; }

        public void Defer(TimeSpan retryAfter)
        {
            Deferred++;
            RetryAfter = RetryAfter is { } current && current >= retryAfter ? current : retryAfter;
        }

        public void Count(NotificationOutcome? outcome, TimeSpan retryAfter)
        {
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
