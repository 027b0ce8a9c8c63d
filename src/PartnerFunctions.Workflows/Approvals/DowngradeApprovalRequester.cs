using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// Asks program staff to decide on a downgrade (definitions in staff-decision mode): an approval request of kind
/// "downgrade" for the partner, emailed to the staff approver with its link. One request per run and partner: a retried
/// evaluation finds it and sends nothing more. Staff answer through the link's confirmation page
/// (<see cref="ApprovalLinkHandlers"/>) or <c>POST staff/approvals/{approvalId}/decision</c>.
/// </summary>
public sealed class DowngradeApprovalRequester(ApprovalIssuer issuer, IOptions<WorkflowOptions> options, TimeProvider time) : IDowngradeApprovalRequester
{
    /// <summary>The request's id for a run and partner: "dng-" and 128 bits of their hash (ids stay short and URL-safe).</summary>
    public static string ApprovalIdFor(string runId, string partnerId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(partnerId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(runId + "\n" + partnerId));
        return "dng-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <inheritdoc />
    public async Task RequestAsync(Partner partner, TierChange change, ProgramDefinition definition, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(runId);

        var settings = options.Value;
        var now = time.GetUtcNow();
        var expiresAt = now + settings.ApprovalExpiresAfter;
        var pendingTier = change.State.PendingTier ?? change.To;
        var payload = new DowngradeApprovalPayload(partner.Id, partner.Name, change.From, pendingTier, TierReasonText.Of(change.Why, "en"), definition.VersionTag, runId);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["partnerId"] = partner.Id,
            ["fromTier"] = ProgramText.Tier(change.From, settings.StaffLanguage),
            ["pendingTier"] = ProgramText.Tier(pendingTier, settings.StaffLanguage),
            ["reason"] = TierReasonText.Of(change.Why, settings.StaffLanguage),
            ["expiresOn"] = ApprovalPayloads.FormatUtc(expiresAt),
        };
        await issuer.IssueAsync(
            new ApprovalIssue(
                ApprovalIdFor(runId, partner.Id),
                ApprovalKinds.Downgrade,
                partner.Id,
                settings.StaffApproverEmail,
                null,
                ApprovalPayloads.Serialize(payload),
                now,
                expiresAt,
                runId,
                NotificationTemplates.DowngradeDecisionRequest,
                settings.StaffLanguage,
                values,
                "decisionUrl"),
            cancellationToken);
    }
}
