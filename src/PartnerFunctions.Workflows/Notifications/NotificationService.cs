using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// Sends notifications through the outbox (the façade other features call; its parts: <see cref="NotificationSingleSender"/>,
/// <see cref="NotificationWavePlanner"/>, <see cref="NotificationWaveSender"/>, <see cref="NotificationBatchSender"/>,
/// <see cref="NotificationLeaseClaims"/> and <see cref="SendCallLookups"/>) so that each (instance, step, recipient) goes out once.
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
public sealed class NotificationService : INotificationService
{
    /// <summary>Start of the LastError text of a row claimed for sending (followed by the claim time, round-trip format).</summary>
    internal const string LeaseMarker = NotificationLeaseClaims.LeaseMarker;

    private readonly NotificationTemplateRenderer _renderer;
    private readonly NotificationOptions _options;
    private readonly ILogger<NotificationService> _logger;
    private readonly IEmailDeliveryLookup? _lookup;
    private readonly NotificationLeaseClaims _claims;
    private readonly NotificationSingleSender _single;
    private readonly NotificationWaveSender _waves;

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
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(time);
        _renderer = renderer ?? throw new ArgumentNullException(nameof(renderer));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _lookup = lookup;

        // The parts share the service's logger, so every message keeps the service's category.
        _claims = new NotificationLeaseClaims(outbox, _options, time, logger);
        _single = new NotificationSingleSender(sender, outbox, _options, time, logger);
        var batch = batchSender is null ? null : new NotificationBatchSender(batchSender, outbox, _claims, _single, _options, time, logger);
        _waves = new NotificationWaveSender(outbox, renderer, new NotificationWavePlanner(batchSender, renderer), _claims, _single, batch, lookup, _options, logger);
    }

    /// <summary>The substitution tag of a field in a wave's HTML body.</summary>
    public static string HtmlTag(string field) => NotificationWavePlanner.HtmlTag(field);

    /// <summary>The substitution tag of a field in a wave's text body.</summary>
    public static string TextTag(string field) => NotificationWavePlanner.TextTag(field);

    public async Task<NotificationOutcome> SendAsync(Notification notification, CancellationToken cancellationToken = default)
    {
        var prepared = PreparedNotification.Prepare(notification, _renderer);
        var claim = await _claims.ClaimAsync(prepared, NotificationLeaseClaims.NewSendCallId(), new SendCallLookups(_lookup), cancellationToken);
        switch (claim.Kind)
        {
            case ClaimKind.AlreadySent:
                NotificationLog.AlreadySent(_logger, prepared.Key.InstanceId, prepared.Key.Step, prepared.Notification.Template);
                return NotificationOutcome.AlreadySent;
            case ClaimKind.FailedBefore:
                return NotificationOutcome.FailedPermanently;
            case ClaimKind.InProgress:
                NotificationLog.InProgress(_logger, prepared.Key.InstanceId, prepared.Key.Step, claim.RetryAfter);
                throw new NotificationTransientException(
                    $"Notification {prepared.Key.InstanceId}/{prepared.Key.Step} is being sent by another worker.", claim.RetryAfter);
        }

        var result = await _single.SendOneAsync(prepared, claim.Entry!.SendCallId, cancellationToken);
        var outcome = await _single.RecordAsync(prepared, claim.Entry!, result, cancellationToken);
        if (outcome is { } done)
        {
            return done;
        }

        throw new NotificationTransientException(
            $"The email provider could not take notification {prepared.Key.InstanceId}/{prepared.Key.Step} now: {result.Error}",
            result.RetryAfter ?? _options.DefaultRetryAfter);
    }

    public Task<NotificationWaveResult> SendWaveAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default) =>
        _waves.SendWaveAsync(notifications, cancellationToken);
}
