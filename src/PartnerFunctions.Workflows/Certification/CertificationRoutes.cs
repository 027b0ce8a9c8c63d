using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>The certification routes (under /api): template and table entries.</summary>
public static class CertificationRoutes
{
    public const string Certification = "partners/{partnerId}/certifications/{competencyId}";

    /// <summary>The partner's certification pages (from the site root); the start form posts to the competency's page.</summary>
    public const string ListPage = "partner/{partnerId}/certifications";
    public const string CompetencyPage = "partner/{partnerId}/certifications/{competencyId}";

    private const string Tag = "certifications";

    public static readonly ApiRoute StartCertification = new(
        nameof(StartCertification), "POST", Certification, RouteAudience.PartnerOwn, Tag, "Start the certification of a competency",
        call => call.Service<CertificationHandlers>().StartAsync(call.Request, call.Value("partnerId"), call.Value("competencyId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute GetCertification = new(
        nameof(GetCertification), "GET", Certification, RouteAudience.PartnerOwn, Tag, "Read a certification's status",
        call => call.Service<CertificationHandlers>().GetStatusAsync(call.Request, call.Value("partnerId"), call.Value("competencyId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute ShowPartnerCertifications = new(
        nameof(ShowPartnerCertifications), "GET", ListPage, RouteAudience.PartnerPage, Tag, "Partner page: my certifications",
        call => call.Service<CertificationPageHandlers>().ListAsync(call));

    public static readonly ApiRoute ShowPartnerCertification = new(
        nameof(ShowPartnerCertification), "GET", CompetencyPage, RouteAudience.PartnerPage, Tag, "Partner page: one competency's requirements and certification timeline",
        call => call.Service<CertificationPageHandlers>().ShowAsync(call));

    public static readonly ApiRoute StartPartnerCertificationPage = new(
        nameof(StartPartnerCertificationPage), "POST", CompetencyPage, RouteAudience.PartnerPage, Tag, "Partner page: request the certification of a competency",
        call => call.Service<CertificationPageHandlers>().StartAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartCertification, GetCertification, ShowPartnerCertifications, ShowPartnerCertification, StartPartnerCertificationPage];
}
