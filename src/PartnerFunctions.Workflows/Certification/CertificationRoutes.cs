using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>The certification routes (under /api): template and table entries.</summary>
public static class CertificationRoutes
{
    public const string Certification = "partners/{partnerId}/certifications/{competencyId}";

    private const string Tag = "certifications";

    public static readonly ApiRoute StartCertification = new(
        nameof(StartCertification), "POST", Certification, RouteAudience.PartnerOwn, Tag, "Start the certification of a competency",
        call => call.Service<CertificationHandlers>().StartAsync(call.Request, call.Value("partnerId"), call.Value("competencyId"), call.Client, call.CancellationToken));

    public static readonly ApiRoute GetCertification = new(
        nameof(GetCertification), "GET", Certification, RouteAudience.PartnerOwn, Tag, "Read a certification's status",
        call => call.Service<CertificationHandlers>().GetStatusAsync(call.Request, call.Value("partnerId"), call.Value("competencyId"), call.Client, call.CancellationToken));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [StartCertification, GetCertification];
}
