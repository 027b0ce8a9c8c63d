using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>An approval request to store and email.</summary>
/// <param name="ApprovalId">Deterministic id chosen by the caller (so a retried activity finds its earlier try).</param>
/// <param name="PayloadJson">What the approver is shown (no secrets).</param>
/// <param name="NotificationInstanceId">First part of the email's outbox key (the workflow run).</param>
/// <param name="Values">The template's fields except <paramref name="LinkField"/>, which is filled with the link.</param>
/// <param name="LinkField">The template field that receives the approval link (e.g. "approvalUrl").</param>
public sealed record ApprovalIssue(
    string ApprovalId,
    string Kind,
    string? PartnerId,
    string Approver,
    string? WorkflowInstanceId,
    string PayloadJson,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string NotificationInstanceId,
    string Template,
    string Language,
    IReadOnlyDictionary<string, string> Values,
    string LinkField);

/// <summary>The approval request that was issued (its id may carry a "-rN" suffix when an earlier try had to be replaced).</summary>
/// <param name="Status">Pending normally; Approved/Rejected when the approver already answered an earlier try's email.</param>
/// <param name="EmailFailed">True when the email was refused for good (recorded in the outbox).</param>
public sealed record IssuedApproval(string ApprovalId, ApprovalStatus Status, bool EmailFailed);

/// <summary>
/// Creates approval requests with a fresh token and emails their link, once. The token exists only in this call and in
/// the email: the request stores its hash, the outbox stores the email without links, and nothing returns it. Retried
/// activities are safe: a request whose email went out is reused as is; a request whose email is not confirmed sent
/// cannot be emailed again (its token is gone), so it is closed and replaced by a new one ("{id}-r1", "-r2", ...).
/// </summary>
public sealed partial class ApprovalIssuer(
    IApprovalRepository approvals,
    INotificationOutbox outbox,
    INotificationService notifications,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<ApprovalIssuer> logger)
{
    /// <summary>Replacements tried before giving up (each try of an activity needs at most one).</summary>
    private const int MaxGenerations = 16;

    /// <summary>The outbox step of an approval's email.</summary>
    public static string NotificationStep(string approvalId) => "approval-" + approvalId;

    /// <summary>Stores the request (or finds the one an earlier try stored) and emails its link.</summary>
    public async Task<IssuedApproval> IssueAsync(ApprovalIssue issue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issue);
        for (var generation = 0; generation < MaxGenerations; generation++)
        {
            var approvalId = generation == 0
                ? issue.ApprovalId
                : string.Create(CultureInfo.InvariantCulture, $"{issue.ApprovalId}-r{generation}");
            var stored = await approvals.GetAsync(approvalId, cancellationToken);
            if (stored is not null)
            {
                var earlier = await ReuseOrRetireAsync(stored, issue, cancellationToken);
                if (earlier is not null)
                {
                    return earlier;
                }

                continue;
            }

            var (token, hash) = ApprovalTokens.Create();
            var request = new ApprovalRequest(
                approvalId,
                issue.Kind,
                issue.PartnerId,
                issue.Approver,
                hash,
                issue.WorkflowInstanceId,
                issue.PayloadJson,
                issue.RequestedAt,
                issue.ExpiresAt,
                ApprovalStatus.Pending,
                null,
                null,
                null,
                string.Empty);
            var created = await approvals.CreateAsync(request, cancellationToken);
            if (!string.Equals(created.TokenHash, hash, StringComparison.Ordinal))
            {
                // Another delivery of the same activity created it between our read and our insert: its token is not
                // ours. Decide about that one as if we had found it.
                var earlier = await ReuseOrRetireAsync(created, issue, cancellationToken);
                if (earlier is not null)
                {
                    return earlier;
                }

                continue;
            }

            var values = new Dictionary<string, string>(issue.Values, StringComparer.Ordinal)
            {
                [issue.LinkField] = ApprovalLinks.ConfirmationUrl(options.Value.PublicBaseUrl, approvalId, token),
            };
            var outcome = await notifications.SendAsync(
                new Notification(issue.NotificationInstanceId, NotificationStep(approvalId), issue.Approver, null, issue.Template, issue.Language, values),
                cancellationToken);
            LogIssued(logger, approvalId, issue.Kind, outcome);
            return new IssuedApproval(approvalId, ApprovalStatus.Pending, outcome == NotificationOutcome.FailedPermanently);
        }

        throw new InvalidOperationException($"Approval {issue.ApprovalId} could not be issued after {MaxGenerations} tries.");
    }

    // A request stored by an earlier try: reuse it when its email went out (or was answered), else close it.
    private async Task<IssuedApproval?> ReuseOrRetireAsync(ApprovalRequest stored, ApprovalIssue issue, CancellationToken cancellationToken)
    {
        if (stored.Status is ApprovalStatus.Approved or ApprovalStatus.Rejected)
        {
            return new IssuedApproval(stored.ApprovalId, stored.Status, false);
        }

        if (stored.Status == ApprovalStatus.Expired)
        {
            return null;
        }

        var key = new NotificationKey(issue.NotificationInstanceId, NotificationStep(stored.ApprovalId), issue.Approver.Trim().ToLowerInvariant());
        var email = await outbox.GetAsync(key, cancellationToken);
        if (email is { State: NotificationState.Sent or NotificationState.Failed })
        {
            return new IssuedApproval(stored.ApprovalId, stored.Status, email.State == NotificationState.Failed);
        }

        try
        {
            await approvals.DecideAsync(stored.ApprovalId, ApprovalStatus.Expired, "system", time.GetUtcNow(), "Replaced: the email carrying its link was not confirmed sent.", stored.ETag, cancellationToken);
            LogReplaced(logger, stored.ApprovalId);
            return null;
        }
        catch (ConcurrencyConflictException)
        {
            // The approver answered meanwhile (the email did go out): that answer stands.
            var now = await approvals.GetAsync(stored.ApprovalId, cancellationToken);
            return now is { Status: ApprovalStatus.Approved or ApprovalStatus.Rejected }
                ? new IssuedApproval(now.ApprovalId, now.Status, false)
                : null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval request {ApprovalId} ({Kind}) issued; email {Outcome}")]
    private static partial void LogIssued(ILogger logger, string approvalId, string kind, NotificationOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approval request {ApprovalId} was stored but its email is not confirmed sent: closed and replaced by a new request")]
    private static partial void LogReplaced(ILogger logger, string approvalId);
}
