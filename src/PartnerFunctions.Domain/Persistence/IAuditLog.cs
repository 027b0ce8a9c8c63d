namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// One line of the audit log: who did what, when, to what, and the state before and after.
/// </summary>
/// <param name="Id">Unique id chosen by the writer; appending the same id again keeps the first line (retries are safe).</param>
/// <param name="At">When it happened (UTC).</param>
/// <param name="Actor">Who: <c>staff:{id}</c>, <c>partner:{id}</c>, <c>approver:{email}</c> or <c>timer</c>.</param>
/// <param name="Action">What: the operation (the route's name, e.g. <c>PutPerson</c>, or a workflow start such as <c>NightlyStarted</c>).</param>
/// <param name="PartnerId">The partner it concerns, when there is one (listed in that partner's log too).</param>
/// <param name="Subject">What it was done to, e.g. <c>person p-1</c>, <c>definition 4</c>, <c>approval 7f…</c>.</param>
/// <param name="Before">The state before, as compact JSON; null when the thing was created or is not recorded.</param>
/// <param name="After">The state after, as compact JSON; null when the thing was removed or is not recorded.</param>
/// <param name="RequestId">The HTTP request's trace id (the same as in the logs), when it came from a request.</param>
/// <param name="Status">The HTTP status answered, when it came from a request.</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? PartnerId,
    string? Subject,
    string? Before,
    string? After,
    string? RequestId,
    int? Status);

/// <summary>
/// The append-only audit log (tables <c>auditbypartner</c> and <c>auditbyday</c>): a line is written once and never
/// updated or deleted; this interface has no way to do either. Listings are newest first.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> to its day and, when it names one, to its partner. Idempotent by <see cref="AuditEntry.Id"/>.</summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A page of a partner's lines, newest first.</summary>
    Task<PagedResult<AuditEntry>> ListPartnerAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>A page of the lines of a UTC day, newest first.</summary>
    Task<PagedResult<AuditEntry>> ListDayAsync(DateOnly day, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
