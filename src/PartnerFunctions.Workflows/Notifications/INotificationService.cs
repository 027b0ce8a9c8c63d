using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>Templates of the notifications the program sends (files under Notifications/Templates).</summary>
public static class NotificationTemplates
{
    public const string CertificationOutcome = "certification-outcome";
    public const string ReferenceApprovalRequest = "reference-approval-request";
    public const string ApprovalReminder = "approval-reminder";
    public const string ApprovalEscalation = "approval-escalation";
    public const string TierChanged = "tier-changed";
    public const string DowngradeWarning = "downgrade-warning";
    public const string DowngradeDecisionRequest = "downgrade-decision-request";

    /// <summary>Program staff asked for the second approval of a tier override (four eyes).</summary>
    public const string OverrideRequest = "override-request";
    public const string MigrationPreview = "migration-preview";
    public const string MigrationReminder = "migration-reminder";
    public const string AccreditationExpiryReminder = "accreditation-expiry-reminder";
}

/// <summary>A notification to one recipient.</summary>
/// <param name="InstanceId">The workflow instance sending it (first part of the idempotency key).</param>
/// <param name="Step">The step of that workflow (second part of the key), e.g. "reminder-30" or "outcome".</param>
/// <param name="RecipientEmail">Who receives it (third part of the key).</param>
/// <param name="Language">"fr" or "en"; other values fall back to English.</param>
/// <param name="Values">The template's fields (plain text; HTML-encoded when rendered into HTML).</param>
public sealed record Notification(
    string InstanceId,
    string Step,
    string RecipientEmail,
    string? RecipientName,
    string Template,
    string Language,
    IReadOnlyDictionary<string, string> Values);

/// <summary>What happened to a notification.</summary>
public enum NotificationOutcome
{
    /// <summary>Sent now.</summary>
    Sent,

    /// <summary>Sent before (a retried or replayed activity): not sent again.</summary>
    AlreadySent,

    /// <summary>The provider refused it for good; recorded in the outbox and the run report.</summary>
    FailedPermanently,
}

/// <summary>What a wave did (each recipient's row is in the outbox: ListByInstanceAsync for the details).</summary>
/// <param name="ProviderCalls">Email provider API calls made by this try.</param>
public sealed record NotificationWaveResult(int Sent, int AlreadySent, int FailedPermanently, int ProviderCalls)
{
    public int Total => Sent + AlreadySent + FailedPermanently;

    /// <summary>What happened to each notification of the wave, by its key.</summary>
    public IReadOnlyDictionary<NotificationKey, NotificationOutcome> Outcomes { get; init; } = new Dictionary<NotificationKey, NotificationOutcome>();
}

/// <summary>
/// Sends a notification exactly once per (instance, step, recipient): recorded in the outbox before the send and
/// marked sent after. A transient provider failure throws, so the calling activity is retried by the engine.
/// </summary>
public interface INotificationService
{
    /// <exception cref="NotificationTransientException">
    /// The provider failed transiently (or another worker is sending this notification now): let the activity be
    /// retried (<see cref="NotificationRetry"/> waits for <see cref="NotificationTransientException.RetryAfter"/>).
    /// </exception>
    /// <exception cref="NotificationTemplateException">The template or its values are wrong (a bug: not retried).</exception>
    Task<NotificationOutcome> SendAsync(Notification notification, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends many notifications (migration previews, reminders) in as few provider calls as possible, each recipient
    /// still recorded in the outbox under its own key. A retried wave sends only what was not sent. When some
    /// recipients failed transiently, the others are sent and recorded first, then it throws
    /// <see cref="NotificationTransientException"/>. The default sends one by one.
    /// </summary>
    async Task<NotificationWaveResult> SendWaveAsync(IReadOnlyList<Notification> notifications, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        int sent = 0, already = 0, failed = 0;
        var outcomes = new Dictionary<NotificationKey, NotificationOutcome>();
        foreach (var notification in notifications)
        {
            var outcome = await SendAsync(notification, cancellationToken);
            outcomes[new NotificationKey(notification.InstanceId, notification.Step, notification.RecipientEmail.Trim().ToLowerInvariant())] = outcome;
            switch (outcome)
            {
                case NotificationOutcome.Sent:
                    sent++;
                    break;
                case NotificationOutcome.AlreadySent:
                    already++;
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new NotificationWaveResult(sent, already, failed, sent + failed) { Outcomes = outcomes };
    }
}
