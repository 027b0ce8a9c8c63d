using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.Partners;

// Request bodies: every member nullable so the handler, not the serializer, reports what is missing (with its
// name). Server-owned fields (tier state, levels, reference state) are not members, so ApiJson rejects them.

/// <summary>Body of PUT partners/{partnerId}.</summary>
/// <param name="Language">"fr" or "en".</param>
/// <param name="LegacyTier">"registered" (default), "silver", "gold" or "platinum".</param>
public sealed record PartnerBody(
    string? Name,
    string? Country,
    string? Language,
    string? Email,
    IReadOnlyList<string?>? LegacySpecializations,
    string? LegacyTier);

/// <summary>Body of PUT partners/{partnerId}/people/{personId}.</summary>
/// <param name="Email">The person's work email, optional (finds the same person claimed by another partner).</param>
public sealed record PersonBody(
    string? Name,
    DateOnly? EmployedFrom,
    DateOnly? EmployedTo,
    IReadOnlyList<AccreditationBody?>? Accreditations,
    string? Email = null);

/// <summary>One accreditation of a person.</summary>
/// <param name="CertificateId">The exam certificate's id, optional (1-64 letters, digits, spaces or '-').</param>
public sealed record AccreditationBody(string? CompetencyId, DateOnly? CompletedOn, DateOnly? ExpiresOn, string? CertificateId = null);

/// <summary>Body of PUT partners/{partnerId}/revenue/{lineId}.</summary>
/// <param name="Period">The month, "yyyy-MM".</param>
public sealed record RevenueBody(string? CompetencyId, string? Period, decimal? Amount, string? Currency);

/// <summary>Body of PUT partners/{partnerId}/references/{referenceId}.</summary>
/// <param name="CustomerMarket">"enterprise", "midmarket" or "smallbusiness".</param>
/// <param name="Satisfaction">0-5, when measured.</param>
public sealed record ReferenceBody(string? CompetencyId, string? CustomerName, string? CustomerMarket, decimal? Satisfaction);

/// <summary>A partner's profile and what it currently holds.</summary>
public sealed record PartnerResponse(
    string PartnerId,
    string Name,
    string Country,
    string Language,
    string Email,
    IReadOnlyList<string> LegacySpecializations,
    Tier LegacyTier,
    TierState TierState,
    IReadOnlyDictionary<string, CompetencyLevel> CompetencyLevels,
    DateOnly? LastEvaluatedOn,
    string? DefinitionVersion,
    TierOverride? TierOverride)
{
    public static PartnerResponse From(PartnerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var partner = profile.Partner;
        var status = profile.Status;
        return new PartnerResponse(
            partner.Id,
            partner.Name,
            partner.Country,
            partner.Language,
            partner.Email,
            partner.LegacySpecializations,
            partner.LegacyTier,
            status.TierState,
            status.CompetencyLevels,
            status.LastEvaluatedOn,
            status.DefinitionVersion,
            status.Override);
    }
}

/// <summary>A person as stored.</summary>
/// <param name="DuplicateOf">Server-owned: the partner that keeps this person after a resolved duplicate (their accreditations no longer count here).</param>
public sealed record PersonResponse(string PartnerId, string PersonId, string Name, DateOnly EmployedFrom, DateOnly? EmployedTo, IReadOnlyList<AccreditationResponse> Accreditations, string? Email = null, string? DuplicateOf = null);

/// <summary>An accreditation as stored, with the last day it counts.</summary>
public sealed record AccreditationResponse(string CompetencyId, DateOnly CompletedOn, DateOnly? ExpiresOn, DateOnly ValidUntil, string? CertificateId = null);

/// <summary>A revenue line as stored; <paramref name="Conversion"/> is set when it was entered in another currency than the program's.</summary>
public sealed record RevenueResponse(string PartnerId, string LineId, string CompetencyId, string Period, decimal Amount, string Currency, string Source, RevenueConversionResponse? Conversion = null);

/// <summary>How a line in another currency counts under the active definition: its month's program rate and the amount in the program currency.</summary>
public sealed record RevenueConversionResponse(string ProgramCurrency, decimal Rate, decimal ConvertedAmount, string DefinitionVersion);

/// <summary>A revenue line saved, with how it converts when entered in another currency.</summary>
public sealed record SavedRevenueLine(RevenueLine Line, RevenueConversionResponse? Conversion)
{
    /// <summary>The line and, for another currency, its conversion at the month's rate of <paramref name="definition"/>.</summary>
    public static SavedRevenueLine Of(RevenueLine line, ProgramDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var rate = string.Equals(line.Currency, definition.Currency, StringComparison.Ordinal) ? null : definition.RateFor(line.Currency, line.Period);
        return new SavedRevenueLine(line, rate is { } r ? new RevenueConversionResponse(definition.Currency, r, CurrencyConversion.Convert(line.Amount, r), definition.VersionTag) : null);
    }
}

/// <summary>A customer reference as stored, with its review state (server-owned).</summary>
public sealed record ReferenceResponse(
    string PartnerId,
    string ReferenceId,
    string CompetencyId,
    string CustomerName,
    Market CustomerMarket,
    decimal? Satisfaction,
    Domain.Evidence.ReferenceState State,
    IReadOnlyList<string> Documents);

/// <summary>An evidence document stored for a reference.</summary>
/// <param name="DocumentId">Derived from the content, so uploading the same file again stores it once.</param>
public sealed record DocumentResponse(string PartnerId, string ReferenceId, string DocumentId, string Name, string ContentType, long Length);

/// <summary>Live evaluation of a partner under the active definition, today (UTC).</summary>
/// <param name="HeldTierState">What the partner holds now (stored; changes only through decisions).</param>
/// <param name="EvaluatedTier">The tier today's evidence supports.</param>
/// <param name="Receipt">Every clause checked, with the gaps to the next level of each competency and to the next tier.</param>
/// <param name="Projection">The changes within a year if nothing new comes in, with their causes and clause (<see cref="ChangeProjection"/>).</param>
public sealed record EvaluationResponse(
    string PartnerId,
    DateOnly AsOf,
    string DefinitionVersion,
    TierState HeldTierState,
    Tier EvaluatedTier,
    EvaluationReceipt Receipt,
    IReadOnlyList<ProjectedChange> Projection,
    LegacyStatus Legacy);

/// <summary>A page of a partner's decisions, newest first.</summary>
public sealed record DecisionPageResponse(string PartnerId, IReadOnlyList<TierDecision> Items, string? ContinuationToken);

/// <summary>The migration preview of a partner under the active definition.</summary>
public sealed record MigrationPreviewResponse(string PartnerId, MigrationPreview Preview);
