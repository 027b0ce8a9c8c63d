using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.TierOverrides;

/// <summary>What a requested override answers: the approval waiting for a second staff member.</summary>
public sealed record TierOverrideRequested(string PartnerId, string ApprovalId, ApprovalStatus Status, bool EmailFailed);

/// <summary>What a revocation answers: the tier the evidence gives now, and how it changed.</summary>
public sealed record TierOverrideRevoked(string PartnerId, TierChangeKind Change, Tier From, Tier To);

/// <summary>The tier override API (staff only, <see cref="OverrideRoutes"/>).</summary>
public sealed class OverrideHandlers(OverrideRequests requests)
{
    /// <summary>POST staff/partners/{partnerId}/tier-override: 202 with the approval asked for; 400 naming the field; 404.</summary>
    public async Task<IResult> RequestAsync(HttpRequest request, string partnerId, string staffId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<TierOverrideRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await requests.RequestAsync(partnerId, body!, staffId, cancellationToken);
        return result.Outcome switch
        {
            OverrideOutcome.Requested => ApiResults.Accepted(
                "/api/staff/approvals/" + Uri.EscapeDataString(result.Approval!.ApprovalId) + "/decision",
                new TierOverrideRequested(partnerId, result.Approval.ApprovalId, result.Approval.Status, result.Approval.EmailFailed)),
            OverrideOutcome.UnknownPartner => ApiProblems.UnknownPartner(partnerId),
            _ => ApiProblems.Validation(result.Errors),
        };
    }

    /// <summary>DELETE staff/partners/{partnerId}/tier-override: 200 with the change; 404 unknown partner; 409 none in force.</summary>
    public async Task<IResult> RevokeAsync(string partnerId, string staffId, CancellationToken cancellationToken)
    {
        var result = await requests.RevokeAsync(partnerId, staffId, cancellationToken);
        return result.Outcome switch
        {
            OverrideOutcome.Revoked => ApiResults.Ok(new TierOverrideRevoked(partnerId, result.Change!.Kind, result.Change.From, result.Change.To)),
            OverrideOutcome.UnknownPartner => ApiProblems.UnknownPartner(partnerId),
            OverrideOutcome.NoActiveDefinition => ApiProblems.NoActiveDefinition(),
            _ => ApiProblems.Conflict($"Partner '{partnerId}' has no tier override in force: nothing was revoked."),
        };
    }
}
