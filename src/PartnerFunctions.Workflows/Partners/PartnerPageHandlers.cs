using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>What the partner's "My program" page shows (all read from storage and evaluated today, writing nothing).</summary>
/// <param name="Evaluation">Today's evaluation under the active definition; null when no definition is active.</param>
/// <param name="Expiring">Accreditations that stop counting within <see cref="PartnerPageHandlers.ExpiryHorizonDays"/> days.</param>
public sealed record PartnerProgramView(
    PartnerProfile Profile,
    EvaluationReceipt? Evaluation,
    MigrationPreview? Preview,
    IReadOnlyList<TierDecision> Decisions,
    IReadOnlyList<ExpiringAccreditation> Expiring,
    DateOnly Today)
{
    /// <summary>The changes within a year if nothing new comes in (empty without an active definition).</summary>
    public IReadOnlyList<ProjectedChange> Projection { get; init; } = [];

    /// <summary>The legacy status beside the new one (null without an active definition).</summary>
    public LegacyStatus? Legacy { get; init; }

    /// <summary>The program currency (empty without an active definition).</summary>
    public string Currency { get; init; } = "";

    /// <summary>The name of the country group whose thresholds the partner meets; null for the default thresholds.</summary>
    public string? CountryGroupName { get; init; }
}

/// <summary>An accreditation of a person that expires soon.</summary>
public sealed record ExpiringAccreditation(string PersonName, string CompetencyId, DateOnly ExpiresOn);

/// <summary>The partner's pages (in its language): "My program". Its partner id is checked by the page dispatcher.</summary>
public sealed class PartnerPageHandlers(IPartnerRepository partners, ProgramDefinitionCache definitions, PageRenderer pages, TimeProvider time)
{
    /// <summary>How far ahead expiring accreditations are shown.</summary>
    public const int ExpiryHorizonDays = 90;

    /// <summary>Decisions shown on the page (newest first).</summary>
    public const int DecisionsShown = 10;

    /// <summary>GET partner/{partnerId}.</summary>
    public async Task<IResult> ProgramAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var snapshot = await partners.GetSnapshotAsync(partnerId, call.CancellationToken);
        if (snapshot is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var definition = await definitions.GetActiveOrNullAsync(call.CancellationToken);
        var decisions = await partners.ListDecisionsAsync(partnerId, DecisionsShown, null, call.CancellationToken);
        var expiring = snapshot.Evidence.People
            .Where(p => p.IsEmployedOn(today))
            .SelectMany(p => p.Accreditations.Where(a => a.ExpiresOn is { } end && end >= today && end <= today.AddDays(ExpiryHorizonDays))
                .Select(a => new ExpiringAccreditation(p.Name, a.CompetencyId, a.ExpiresOn!.Value)))
            .OrderBy(a => a.ExpiresOn)
            .ToArray();
        var view = new PartnerProgramView(
            snapshot.Profile,
            definition is null ? null : PartnerEvaluator.Evaluate(definition, snapshot.Evidence, today).ToReceipt(),
            definition is null ? null : MigrationMapper.Preview(definition, snapshot.Evidence),
            decisions.Items,
            expiring,
            today)
        {
            Projection = definition is null ? [] : ChangeProjection.Project(definition, snapshot.Evidence, snapshot.Profile.Status.TierState, today, PartnerHandlers.ProjectionHorizonDays, snapshot.Profile.Status.Override),
            Legacy = definition is null ? null : LegacyParallelRun.Of(definition, snapshot.Profile.Partner, today),
            Currency = definition?.Currency ?? "",
            CountryGroupName = definition?.GroupFor(snapshot.Profile.Partner.Country)?.Name,
        };
        return await pages.RenderAsync<PartnerProgramPage>(new Dictionary<string, object?>
        {
            [nameof(PartnerProgramPage.Context)] = PartnerPageContext.For(call, snapshot.Profile),
            [nameof(PartnerProgramPage.View)] = view,
        });
    }
}
