using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>One competency on the partner's certifications page.</summary>
/// <param name="LevelToday">The level today's evidence supports.</param>
/// <param name="Recorded">The level recorded by the last decision (None when not held).</param>
/// <param name="Certification">The last certification of the competency; null when none was started.</param>
public sealed record CertificationListRow(Competency Competency, CompetencyLevel LevelToday, CompetencyLevel Recorded, CertificationStatusResponse? Certification);

/// <summary>What the partner's certifications page shows.</summary>
/// <param name="Rows">Every competency of the active definition (empty when none is active).</param>
public sealed record PartnerCertificationsView(Partner Partner, bool DefinitionActive, IReadOnlyList<CertificationListRow> Rows);

/// <summary>What the partner's page of one certification shows.</summary>
/// <param name="Principal">Principal's requirements checked against today's evidence.</param>
/// <param name="Expert">Expert's requirements checked against today's evidence.</param>
/// <param name="References">The partner's references of the competency (all markets; only the competency's counts).</param>
/// <param name="Certification">The last certification; null when none was started.</param>
/// <param name="Precheck">Whether Principal is within reach with every awaiting reference approved (else no start).</param>
/// <param name="Notice">"started" after a start; "running" when a start found one under way; "out-of-reach" when a start was refused.</param>
public sealed record PartnerCertificationView(
    Partner Partner,
    Competency Competency,
    CompetencyLevel LevelToday,
    CompetencyLevel Recorded,
    IReadOnlyList<ClauseReceipt> Principal,
    IReadOnlyList<ClauseReceipt> Expert,
    IReadOnlyList<CustomerReference> References,
    CertificationStatusResponse? Certification,
    IReadOnlyList<TimelineStep> Timeline,
    CertificationPrecheck Precheck,
    string? Notice)
{
    /// <summary>True while the certification runs (the page polls, and no new one can start).</summary>
    public bool IsRunning => Certification is { } c && CertificationStatusReader.IsActive(c.RuntimeStatus);

    /// <summary>The references the certification would send to the program team (its market, not yet reviewed).</summary>
    public int ToReview => References.Count(r => CertificationPrecheck.AwaitsReview(r, Competency));

    /// <summary>The page of a partner's certifications, or of one when <paramref name="competencyId"/> is given.</summary>
    public static string PathOf(string partnerId, string? competencyId = null) =>
        "/partner/" + Uri.EscapeDataString(partnerId) + "/certifications" + (competencyId is null ? "" : "/" + Uri.EscapeDataString(competencyId));
}
