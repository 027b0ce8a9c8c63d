using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.ApiReference;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Audit;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Duplicates;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Partners;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.SignIn;
using PartnerFunctions.Workflows.StaffConsole;
using PartnerFunctions.Workflows.TierOverrides;
using PartnerFunctions.Workflows.Web;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.Workflows.Hosting;

/// <summary>
/// Every HTTP route of the API: the features' route tables, composed. The local host maps this list; the Functions
/// app has one [HttpTrigger] wrapper per entry (a test holds the two equal); the access, parity and OpenAPI tests
/// read it.
/// </summary>
public static class ApiRouteTable
{
    /// <summary>The API's routes (under /api): what the OpenAPI document describes.</summary>
    public static IReadOnlyList<ApiRoute> Api => All.Where(r => !r.IsPage).ToArray();

    /// <summary>The pages (from the site root).</summary>
    public static IReadOnlyList<ApiRoute> Pages => All.Where(r => r.IsPage).ToArray();

    /// <summary>All routes, in feature order.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        .. PartnerRoutes.All,
        .. CertificationRoutes.All,
        .. ApprovalRoutes.All,
        .. AccessRoutes.All,
        .. DefinitionRoutes.All,
        .. ImportRoutes.All,
        .. ReevaluationRoutes.All,
        .. MigrationRoutes.All,
        .. WhatIfRoutes.All,
        .. RunsRoutes.All,
        .. OpenApiRoutes.All,
        .. StaticAssetRoutes.All,
        .. SignInRoutes.All,
        .. ConsoleRoutes.All,
        .. ApiReferenceRoutes.All,
        .. AuditRoutes.All,
        .. OverrideRoutes.All,
        .. DuplicateRoutes.All,
    ];
}
