using System.Text.Json;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>A notification checked and rendered, with its outbox key and what the outbox keeps of it.</summary>
internal sealed record PreparedNotification(
    Notification Notification,
    NotificationKey Key,
    string IdempotencyKey,
    EmailAddress To,
    RenderedEmail Email,
    IReadOnlyDictionary<string, string> Values,
    string PayloadJson)
{
    private static readonly JsonSerializerOptions PayloadJsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The recipient's substitutions when it goes in a batch call (set by the wave's plan).</summary>
    public IReadOnlyDictionary<string, string>? Substitutions { get; init; }

    /// <summary>Checks and renders a notification (a template error throws before anything is written).</summary>
    public static PreparedNotification Prepare(Notification notification, NotificationTemplateRenderer renderer)
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
        var email = renderer.Render(notification.Template, notification.Language, values);
        var key = new NotificationKey(notification.InstanceId, notification.Step, recipient);
        return new PreparedNotification(
            notification,
            key,
            string.Join('|', notification.InstanceId, notification.Step, recipient),
            new EmailAddress(address, name),
            email,
            values,
            Payload(email.Language, values));
    }

    /// <summary>The outbox row to insert for this notification, carried by provider call <paramref name="sendCallId"/>.</summary>
    public NotificationRequest Request(string sendCallId, DateTimeOffset now) =>
        new(Key, Notification.Template, Email.Subject, PayloadJson, now) { SendCallId = sendCallId };

    // The outbox keeps what was sent for reports, but not links: they may carry approval tokens, which must only
    // ever exist in the email itself.
    private static string Payload(string language, Dictionary<string, string> values)
    {
        var kept = values.ToDictionary(
            v => v.Key,
            v => v.Key.EndsWith("Url", StringComparison.Ordinal) ? "[link not stored]" : v.Value,
            StringComparer.Ordinal);
        return JsonSerializer.Serialize(new OutboxPayload(language, kept), PayloadJsonOptions);
    }

    private sealed record OutboxPayload(string Language, IReadOnlyDictionary<string, string> Values);
}

/// <summary>A notification whose outbox row this worker owns (inserted it, or claimed it with a lease).</summary>
internal sealed record OwnedNotification(PreparedNotification Prepared, OutboxEntry Entry);
