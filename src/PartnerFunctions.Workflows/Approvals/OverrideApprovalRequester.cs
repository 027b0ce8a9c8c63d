using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// Asks for the second approval of a tier override: an approval request of kind "override", emailed to the staff
/// approver with its single-use link, and listed in the console's queue. Nothing changes for the partner until a
/// staff member other than the requester approves it (<see cref="ApprovalDecider"/>).
/// </summary>
public sealed class OverrideApprovalRequester(ApprovalIssuer issuer, IOptions<WorkflowOptions> options, TimeProvider time)
{
    /// <summary>Issues the request and returns it.</summary>
    public async Task<IssuedApproval> RequestAsync(Partner partner, Tier currentTier, Tier overrideTier, string reason, DateOnly endsOn, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var expiresAt = now + settings.ApprovalExpiresAfter;
        var approvalId = "ovr-" + Guid.NewGuid().ToString("N");
        var payload = new OverrideApprovalPayload(partner.Id, partner.Name, currentTier, overrideTier, reason, endsOn, requestedBy);
        var language = settings.StaffLanguage;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["partnerId"] = partner.Id,
            ["requestedBy"] = requestedBy,
            ["currentTier"] = ProgramText.Tier(currentTier, language),
            ["overrideTier"] = ProgramText.Tier(overrideTier, language),
            ["endsOn"] = ProgramText.Day(endsOn, language),
            ["reason"] = reason,
            ["expiresOn"] = ApprovalPayloads.FormatUtc(expiresAt),
        };
        return await issuer.IssueAsync(
            new ApprovalIssue(
                approvalId,
                ApprovalKinds.Override,
                partner.Id,
                settings.StaffApproverEmail,
                null,
                ApprovalPayloads.Serialize(payload),
                now,
                expiresAt,
                approvalId,
                NotificationTemplates.OverrideRequest,
                language,
                values,
                "decisionUrl"),
            cancellationToken);
    }

    /// <summary>The override an approved request puts in force.</summary>
    public static TierOverride OverrideOf(OverrideApprovalPayload payload, string approvedBy, DateTimeOffset approvedAt, string approvalId)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new TierOverride(payload.OverrideTier, payload.Reason, payload.EndsOn, payload.RequestedBy, approvedBy, approvedAt, approvalId);
    }
}
