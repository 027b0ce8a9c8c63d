using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// The partner's certification pages (in its language): every competency with its level and last certification, and
/// one competency's requirements, references and certification timeline with a start form. The partner id and the
/// anti-forgery token are checked by the page dispatcher; staff may look (in the partner's language), not start.
/// </summary>
public sealed class CertificationPageHandlers(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    CertificationStarter starter,
    PageRenderer pages,
    TimeProvider time)
{
    private const string CompetencyParameter = "competencyId";

    /// <summary>GET partner/{partnerId}/certifications.</summary>
    public async Task<IResult> ListAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var snapshotTask = partners.GetSnapshotAsync(partnerId, call.CancellationToken);
        var definition = await definitions.GetActiveOrNullAsync(call.CancellationToken);
        var snapshot = await snapshotTask;
        if (snapshot is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var rows = new List<CertificationListRow>();
        if (definition is not null)
        {
            var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, Today());
            var started = await CertificationStatusReader.ReadAllAsync(call.Client, partnerId, definition.Competencies.Select(c => c.Id), call.CancellationToken);
            rows.AddRange(definition.Competencies.Select(c => new CertificationListRow(
                c,
                evaluation.LevelOf(c.Id),
                Recorded(snapshot.Profile, c.Id),
                started.FirstOrDefault(s => s.CompetencyId == c.Id))));
        }

        return await pages.RenderAsync<PartnerCertificationsPage>(new Dictionary<string, object?>
        {
            [nameof(PartnerCertificationsPage.Context)] = PartnerPageContext.For(call, snapshot.Profile),
            [nameof(PartnerCertificationsPage.View)] = new PartnerCertificationsView(snapshot.Evidence.Partner, definition is not null, rows),
        });
    }

    /// <summary>GET partner/{partnerId}/certifications/{competencyId} (?started=1 after a start).</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RenderAsync(call, StatusCodes.Status200OK, call.Request.Query["started"] == "1" ? "started" : null);
    }

    /// <summary>
    /// POST partner/{partnerId}/certifications/{competencyId}: starts the certification and redirects (303) to its page;
    /// 409 with the page when one is under way (nothing started) or when no definition is active; 422 with the page
    /// (what is missing) when Principal is out of reach.
    /// </summary>
    public async Task<IResult> StartAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var competencyId = call.Value(CompetencyParameter);
        // The starter reads the partner (UnknownPartner when it does not exist): no read of its own here.
        if (!ApiIds.IsValid(competencyId))
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var start = await starter.StartAsync(call.Client, partnerId, competencyId, "partner:" + partnerId, call.CancellationToken);
        var context = call.Page;
        return start.Outcome switch
        {
            CertificationStartOutcome.Started => new PageRedirect(PartnerCertificationView.PathOf(partnerId, competencyId) + "?started=1"),
            CertificationStartOutcome.AlreadyRunning => await RenderAsync(call, StatusCodes.Status409Conflict, "running"),
            CertificationStartOutcome.UnknownCompetency or CertificationStartOutcome.UnknownPartner => await PageAccess.NotFoundAsync(pages, context),
            CertificationStartOutcome.CannotReachPrincipal => await RenderAsync(call, StatusCodes.Status422UnprocessableEntity, "out-of-reach"),
            _ => await pages.MessageAsync(StatusCodes.Status409Conflict, context, context.T("Not yet open", "Pas encore ouvert"), context.T("The program rules are not published yet: certifications open once they are. Nothing was started.", "Les règles du programme ne sont pas encore publiées : les certifications ouvriront ensuite. Rien n'a été lancé.")),
        };
    }

    private async Task<IResult> RenderAsync(RouteCall call, int statusCode, string? notice)
    {
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var competencyId = call.Value(CompetencyParameter);
        var snapshotTask = partners.GetSnapshotAsync(partnerId, call.CancellationToken);
        var definition = await definitions.GetActiveOrNullAsync(call.CancellationToken);
        var snapshot = await snapshotTask;
        var index = definition?.IndexOf(competencyId) ?? -1;
        if (snapshot is null || definition is null || index < 0)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var competency = definition.Competencies[index];
        var today = Today();
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, today);
        var certification = await CertificationStatusReader.ReadAsync(call.Client, partnerId, competency.Id, call.CancellationToken);
        var view = new PartnerCertificationView(
            snapshot.Evidence.Partner,
            competency,
            evaluation.LevelOf(competency.Id),
            Recorded(snapshot.Profile, competency.Id),
            evaluation.ClausesFor(index, CompetencyLevel.Principal),
            evaluation.ClausesFor(index, CompetencyLevel.Expert),
            snapshot.Evidence.References.Where(r => r.CompetencyId == competency.Id).OrderBy(r => r.CustomerName, StringComparer.CurrentCulture).ToArray(),
            certification,
            certification is null ? [] : CertificationTimeline.Of(certification),
            CertificationPrecheck.Of(definition, snapshot.Evidence, competency.Id, today),
            notice);
        return await pages.RenderAsync<PartnerCertificationPage>(statusCode, new Dictionary<string, object?>
        {
            [nameof(PartnerCertificationPage.Context)] = PartnerPageContext.For(call, snapshot.Profile),
            [nameof(PartnerCertificationPage.View)] = view,
        });
    }

    private static CompetencyLevel Recorded(PartnerProfile profile, string competencyId) =>
        profile.Status.CompetencyLevels.TryGetValue(competencyId, out var level) ? level : CompetencyLevel.None;

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
