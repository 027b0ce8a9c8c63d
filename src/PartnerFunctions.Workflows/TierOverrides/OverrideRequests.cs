using System.Globalization;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.TierEvaluation;

namespace PartnerFunctions.Workflows.TierOverrides;

/// <summary>Body of POST staff/partners/{partnerId}/tier-override.</summary>
/// <param name="Tier">The tier the partner is to hold.</param>
/// <param name="Reason">Why (shown to the second approver and kept in the decision and the audit log).</param>
/// <param name="EndsOn">The override's last day, yyyy-MM-dd (UTC): after today, at most a year ahead.</param>
public sealed record TierOverrideRequest(Tier? Tier, string? Reason, string? EndsOn);

/// <summary>What an override request or revocation did.</summary>
public enum OverrideOutcome
{
    Requested,
    Revoked,
    Invalid,
    UnknownPartner,
    NoneInForce,
    NoActiveDefinition,
}

/// <summary>The result: the approval asked for, or the change a revocation made, or why nothing happened.</summary>
public sealed record OverrideResult(OverrideOutcome Outcome, IReadOnlyList<FieldError> Errors, IssuedApproval? Approval = null, TierChange? Change = null);

/// <summary>
/// The one path of tier override requests and revocations, shared by the API and the console: the fields are checked
/// (a refused request writes nothing), the request goes to a second approver (<see cref="OverrideApprovalRequester"/>),
/// and a revocation is applied at once (<see cref="StaffTierOverride"/>).
/// </summary>
public sealed class OverrideRequests(IPartnerRepository partners, OverrideApprovalRequester requester, StaffTierOverride overrides, ProgramDefinitionCache definitions, TimeProvider clock)
{
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;
    public const int MaxDaysAhead = 366;

    /// <summary>Checks the request and asks a second staff member to approve it.</summary>
    public async Task<OverrideResult> RequestAsync(string partnerId, TierOverrideRequest body, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = Validate(body, today, out var reason, out var endsOn);
        if (errors.Count > 0)
        {
            return new(OverrideOutcome.Invalid, errors);
        }

        var profile = await partners.GetProfileAsync(partnerId, cancellationToken);
        if (profile is null)
        {
            return new(OverrideOutcome.UnknownPartner, []);
        }

        var issued = await requester.RequestAsync(profile.Partner, profile.Status.TierState.Current, body.Tier!.Value, reason, endsOn, staffId, cancellationToken);
        AuditScope.Current?.Change("approval " + issued.ApprovalId, null, new { kind = ApprovalKinds.Override, tier = body.Tier, reason, endsOn, requestedBy = staffId });
        return new(OverrideOutcome.Requested, [], issued);
    }

    /// <summary>Ends the override in force now.</summary>
    public async Task<OverrideResult> RevokeAsync(string partnerId, string staffId, CancellationToken cancellationToken)
    {
        var snapshot = await partners.GetSnapshotAsync(partnerId, cancellationToken);
        if (snapshot is null)
        {
            return new(OverrideOutcome.UnknownPartner, []);
        }

        ProgramDefinition definition;
        try
        {
            definition = await definitions.GetActiveAsync(cancellationToken);
        }
        catch (NoActiveDefinitionException)
        {
            return new(OverrideOutcome.NoActiveDefinition, []);
        }

        var held = snapshot.Profile.Status.Override;
        var now = clock.GetUtcNow();
        var decisionId = "revoke-" + Guid.NewGuid().ToString("N") + ":" + partnerId;
        var change = await overrides.RevokeAsync(snapshot, staffId, decisionId, now, definition, cancellationToken);
        if (change is null)
        {
            return new(OverrideOutcome.NoneInForce, []);
        }

        AuditScope.Current?.Change("tier override", held, null);
        return new(OverrideOutcome.Revoked, [], Change: change);
    }

    private static List<FieldError> Validate(TierOverrideRequest body, DateOnly today, out string reason, out DateOnly endsOn)
    {
        var errors = new List<FieldError>();
        if (body.Tier is null || !Enum.IsDefined(body.Tier.Value))
        {
            errors.Add(new FieldError("tier", "is required: registered, silver, gold or platinum"));
        }

        reason = body.Reason?.Trim() ?? string.Empty;
        if (reason.Length is < MinReasonLength or > MaxReasonLength)
        {
            errors.Add(new FieldError("reason", FormattableString.Invariant($"is required: {MinReasonLength} to {MaxReasonLength} characters saying why")));
        }

        endsOn = default;
        if (!DateOnly.TryParseExact(body.EndsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out endsOn)
            || endsOn <= today || endsOn > today.AddDays(MaxDaysAhead))
        {
            errors.Add(new FieldError("endsOn", FormattableString.Invariant($"must be a day after today and at most {MaxDaysAhead} days ahead, written yyyy-MM-dd")));
        }

        return errors;
    }
}
