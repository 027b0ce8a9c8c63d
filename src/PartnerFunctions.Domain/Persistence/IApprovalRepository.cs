namespace PartnerFunctions.Domain.Persistence;

/// <summary>State of an approval request sent to program staff.</summary>
public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

/// <summary>A request for a staff decision (e.g. a downgrade), answered from an email link.</summary>
/// <param name="Kind">What is to be decided, e.g. "downgrade".</param>
/// <param name="TokenHash">SHA-256 (hex) of the secret token in the email link; the token itself is never stored.</param>
/// <param name="WorkflowInstanceId">The workflow waiting for the answer.</param>
/// <param name="PayloadJson">What the approver sees (JSON).</param>
/// <param name="ETag">Opaque concurrency token; empty for a request not stored yet.</param>
public sealed record ApprovalRequest(
    string ApprovalId,
    string Kind,
    string? PartnerId,
    string Approver,
    string TokenHash,
    string? WorkflowInstanceId,
    string PayloadJson,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    ApprovalStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? Comment,
    string ETag);

/// <summary>Approval requests (one row per request, read by its id).</summary>
public interface IApprovalRepository
{
    /// <summary>Stores a new request; when the id exists already the stored request is returned (idempotent create).</summary>
    Task<ApprovalRequest> CreateAsync(ApprovalRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requests in <paramref name="status"/> (all when null), oldest request first, at most <paramref name="max"/>.
    /// Requests are few (one per reference to validate or downgrade to confirm), so this reads the table once.
    /// </summary>
    Task<IReadOnlyList<ApprovalRequest>> ListAsync(ApprovalStatus? status, int max, CancellationToken cancellationToken = default);

    /// <summary>The request with that id, or null.</summary>
    Task<ApprovalRequest?> GetAsync(string approvalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the answer (<see cref="ApprovalStatus.Approved"/>, <see cref="ApprovalStatus.Rejected"/> or
    /// <see cref="ApprovalStatus.Expired"/>) if the request is still pending and unchanged since
    /// <paramref name="expectedETag"/>; else throws <see cref="ConcurrencyConflictException"/> (someone answered first).
    /// </summary>
    Task<ApprovalRequest> DecideAsync(string approvalId, ApprovalStatus decision, string decidedBy, DateTimeOffset decidedAt, string? comment, string expectedETag, CancellationToken cancellationToken = default);
}
