using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Definitions;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Importing;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Partners;
using PartnerFunctions.Workflows.Reevaluation;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.Workflows.Hosting;

/// <summary>
/// Every HTTP route of the API: the features' route tables, composed. The local host maps this list; the Functions
/// app has one [HttpTrigger] wrapper per entry (a test holds the two equal); the access, parity and OpenAPI tests
/// read it.
/// </summary>
public static class ApiRouteTable
{
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
    ];
}
