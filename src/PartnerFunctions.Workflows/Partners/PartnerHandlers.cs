using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// Partner-facing profile endpoints: register/update, read, live evaluation, decision history and migration
/// preview. Shared by the Functions app and the local host through <see cref="PartnerRoutes"/>, whose dispatcher has
/// validated the partner id and checked the caller's access before a method here runs.
/// </summary>
public sealed partial class PartnerHandlers(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    TimeProvider time,
    ILogger<PartnerHandlers> logger)
{
    /// <summary>Default and largest page size of the decision history.</summary>
    public const int DefaultPageSize = 20;

    /// <inheritdoc cref="DefaultPageSize"/>
    public const int MaxPageSize = 100;

    /// <summary>PUT partners/{partnerId}: registers a partner (201) or updates its details (200). Never its tier or levels.</summary>
    public async Task<IResult> PutPartnerAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await ApiJson.ReadAsync<PartnerBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        var partner = PartnerValidation.ToPartner(partnerId, body!, errors);
        if (partner is null)
        {
            return ApiProblems.Validation(errors);
        }

        var before = (await partners.GetProfileAsync(partnerId, cancellationToken))?.Partner;
        if (before is not null && await LegacyFrozenAsync(before, partner, cancellationToken) is { } frozen)
        {
            return frozen;
        }

        // Atomic in the repository: of concurrent first registrations exactly one is created (201), the others update it (200).
        var existed = !await partners.UpsertPartnerAsync(partner, cancellationToken);
        var stored = await partners.GetProfileAsync(partnerId, cancellationToken)
            ?? throw new InvalidOperationException($"Partner '{partnerId}' was written but cannot be read back.");
        AuditScope.Current?.Change("partner " + partnerId, before, stored.Partner);
        LogPartnerSaved(logger, partnerId, existed);
        var response = PartnerResponse.From(stored);
        return existed
            ? ApiResults.Ok(response, stored.ETag)
            : ApiResults.Created(Location(partnerId), response, stored.ETag);
    }

    // From the effective date the legacy status is the record of the parallel run and its archive: it no longer changes.
    private async Task<IResult?> LegacyFrozenAsync(Partner stored, Partner asked, CancellationToken cancellationToken)
    {
        if (stored.LegacyTier == asked.LegacyTier && stored.LegacySpecializations.SequenceEqual(asked.LegacySpecializations, StringComparer.Ordinal))
        {
            return null;
        }

        var definition = await ActiveDefinitionOrNullAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (definition is null || today < definition.EffectiveDate)
        {
            return null;
        }

        var why = FormattableString.Invariant($"cannot change since the new program took effect on {definition.EffectiveDate:yyyy-MM-dd}: the legacy status is kept as it was (parallel run, then archive); send the stored value");
        var errors = new List<FieldError>();
        if (stored.LegacyTier != asked.LegacyTier)
        {
            errors.Add(new FieldError("legacyTier", why));
        }

        if (!stored.LegacySpecializations.SequenceEqual(asked.LegacySpecializations, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("legacySpecializations", why));
        }

        return ApiProblems.Validation(errors);
    }

    /// <summary>GET partners/{partnerId}: profile, tier state, levels, last evaluation day and definition version.</summary>
    public async Task<IResult> GetPartnerAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = await partners.GetProfileAsync(partnerId, cancellationToken);
        return profile is null ? ApiProblems.UnknownPartner(partnerId) : ApiResults.Ok(PartnerResponse.From(profile), profile.ETag);
    }

    /// <summary>How far ahead the evaluation projects the changes that happen if nothing new comes in.</summary>
    public const int ProjectionHorizonDays = 365;

    /// <summary>
    /// GET partners/{partnerId}/evaluation: the partner's evidence evaluated today (UTC) under the active definition,
    /// with the receipt, the gaps to the next level of each competency and to the next tier, and the projection: the
    /// days within a year on which a level or the tier would change if nothing new comes in. Writes nothing.
    /// </summary>
    public async Task<IResult> GetEvaluationAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await partners.GetSnapshotAsync(partnerId, cancellationToken);
        if (snapshot is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        var definition = await ActiveDefinitionOrNullAsync(cancellationToken);
        if (definition is null)
        {
            return ApiProblems.NoActiveDefinition();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, today);
        return ApiResults.Ok(new EvaluationResponse(
            partnerId,
            today,
            definition.VersionTag,
            snapshot.Profile.Status.TierState,
            evaluation.Tier,
            evaluation.ToReceipt(),
            ChangeProjection.Project(definition, snapshot.Evidence, snapshot.Profile.Status.TierState, today, ProjectionHorizonDays, snapshot.Profile.Status.Override),
            LegacyParallelRun.Of(definition, snapshot.Profile.Partner, today)));
    }

    /// <summary>GET partners/{partnerId}/decisions?pageSize=&amp;continuationToken=: decisions with receipts, newest first.</summary>
    public async Task<IResult> GetDecisionsAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        var (pageSize, continuationToken) = ApiPaging.Read(request, DefaultPageSize, MaxPageSize, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        if (await partners.GetProfileAsync(partnerId, cancellationToken) is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        PagedResult<TierDecision> page;
        try
        {
            page = await partners.ListDecisionsAsync(partnerId, pageSize, continuationToken, cancellationToken);
        }
        catch (Exception ex) when (ApiPaging.IsBadToken(ex, continuationToken))
        {
            return ApiProblems.Validation(new FieldError("continuationToken", ApiPaging.TokenError));
        }

        return ApiResults.Ok(new DecisionPageResponse(partnerId, page.Items, page.ContinuationToken));
    }

    /// <summary>
    /// GET partners/{partnerId}/migration-preview: the partner's legacy specializations mapped to competencies and
    /// evaluated on its current evidence at the active definition's effective date. Writes nothing.
    /// </summary>
    public async Task<IResult> GetMigrationPreviewAsync(HttpRequest request, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var snapshot = await partners.GetSnapshotAsync(partnerId, cancellationToken);
        if (snapshot is null)
        {
            return ApiProblems.UnknownPartner(partnerId);
        }

        var definition = await ActiveDefinitionOrNullAsync(cancellationToken);
        return definition is null
            ? ApiProblems.NoActiveDefinition()
            : ApiResults.Ok(new MigrationPreviewResponse(partnerId, MigrationMapper.Preview(definition, snapshot.Evidence)));
    }

    /// <summary>The URL path of a partner.</summary>
    public static string Location(string partnerId) => "/api/partners/" + Uri.EscapeDataString(partnerId);

    private async Task<Domain.Program.ProgramDefinition?> ActiveDefinitionOrNullAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await definitions.GetActiveAsync(cancellationToken);
        }
        catch (NoActiveDefinitionException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId} saved (existed before: {Existed})")]
    private static partial void LogPartnerSaved(ILogger logger, string partnerId, bool existed);
}
