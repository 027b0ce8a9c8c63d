namespace PartnerFunctions.Domain.Persistence;

/// <summary>The idempotency key of a notification: one workflow instance sends a step's email to a recipient once.</summary>
public sealed record NotificationKey(string InstanceId, string Step, string Recipient);

/// <summary>Delivery state of a notification.</summary>
public enum NotificationState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>A notification to send, as recorded before sending.</summary>
/// <param name="Template">Template id of the email.</param>
/// <param name="PayloadJson">The template's data as JSON.</param>
public sealed record NotificationRequest(NotificationKey Key, string Template, string Subject, string PayloadJson, DateTimeOffset CreatedAt)
{
    /// <summary>The provider call that will carry it (recorded before the call; see <see cref="OutboxEntry.SendCallId"/>).</summary>
    public string? SendCallId { get; init; }
}

/// <summary>A notification in the outbox with its delivery state.</summary>
/// <param name="ETag">Opaque concurrency token of the stored row.</param>
public sealed record OutboxEntry(
    NotificationKey Key,
    string Template,
    string Subject,
    string PayloadJson,
    NotificationState State,
    int Attempts,
    string? LastError,
    string? ProviderMessageId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    string ETag)
{
    /// <summary>
    /// The provider call that carries or carried it, recorded before the call: when a worker dies before recording
    /// the call's answer, this is what the provider is asked about, so the email is not sent twice.
    /// </summary>
    public string? SendCallId { get; init; }
}

/// <summary>The result of recording a notification.</summary>
/// <param name="Created">False when the key was already in the outbox: <paramref name="Entry"/> is the stored one (maybe already sent).</param>
public sealed record OutboxAddResult(OutboxEntry Entry, bool Created);

/// <summary>
/// The notification outbox: a notification is recorded before it is sent (insert-if-absent by its key) and marked
/// sent afterwards, so an activity delivered twice never emails twice.
/// </summary>
public interface INotificationOutbox
{
    /// <summary>Records a notification unless its key exists; returns the stored entry either way.</summary>
    Task<OutboxAddResult> TryAddAsync(NotificationRequest request, CancellationToken cancellationToken = default);

    /// <summary>The entry with that key, or null.</summary>
    Task<OutboxEntry?> GetAsync(NotificationKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the entry sent, if the stored row still has <paramref name="entry"/>'s concurrency token (else
    /// <see cref="ConcurrencyConflictException"/>). Returns the updated entry.
    /// </summary>
    Task<OutboxEntry> MarkSentAsync(OutboxEntry entry, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a failed attempt (attempts + 1, the error); the entry stays pending for a retry unless
    /// <paramref name="permanent"/>. Conditional on <paramref name="entry"/>'s concurrency token.
    /// </summary>
    Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, CancellationToken cancellationToken = default);

    /// <summary><see cref="MarkAttemptFailedAsync(OutboxEntry, string, bool, CancellationToken)"/>, also forgetting the send call id.</summary>
    /// <param name="clearSendCall">True when the provider answered that it did not take the call (nothing to look up later).</param>
    Task<OutboxEntry> MarkAttemptFailedAsync(OutboxEntry entry, string failure, bool permanent, bool clearSendCall, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="TryAddAsync"/> for many requests: rows of one instance go in transactions of up to 100 (one storage
    /// transaction each); a transaction that meets an existing row falls back to one insert per row. Results are in
    /// the order of <paramref name="requests"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxAddResult>> TryAddManyAsync(IReadOnlyList<NotificationRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="MarkSentAsync"/> for many entries, in transactions of up to 100 rows of one instance, each row
    /// conditional on its entry's concurrency token. A row changed since then fails its whole transaction (nothing of
    /// it written) with <see cref="ConcurrencyConflictException"/>: the caller then marks those one by one. Returns
    /// the updated entries in the order given.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> MarkSentManyAsync(IReadOnlyList<OutboxEntry> entries, string providerMessageId, DateTimeOffset sentAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims entries for a new provider call: attempts + 1, the send lease <paramref name="leaseText"/> in LastError,
    /// <paramref name="sendCallId"/> recorded. Conditional on each entry's concurrency token, in transactions of up to
    /// 100 rows of one instance (a conflict fails its transaction with <see cref="ConcurrencyConflictException"/>).
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> MarkSendingManyAsync(IReadOnlyList<OutboxEntry> entries, string sendCallId, string leaseText, CancellationToken cancellationToken = default);

    /// <summary>Every notification of a workflow instance (one partition query).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListByInstanceAsync(string instanceId, CancellationToken cancellationToken = default);
}

/// <summary>
/// What was emailed to one address, for the console: read through an index of the outbox by recipient, so its cost
/// grows with what is shown, not with the outbox (see docs/data-model.md). Not for batch work.
/// </summary>
public interface INotificationHistory
{
    /// <summary>The newest <paramref name="max"/> notifications to <paramref name="recipient"/> (case-insensitive), newest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListToRecipientAsync(string recipient, int max, CancellationToken cancellationToken = default);
}
