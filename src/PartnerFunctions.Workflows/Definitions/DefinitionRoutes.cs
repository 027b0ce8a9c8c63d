using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>The staff program-definition routes (under /api).</summary>
public static class DefinitionRoutes
{
    public const string Validate = "staff/definitions/validate";
    public const string Definitions = "staff/definitions";
    public const string Version = "staff/definitions/{id}/versions/{version}";
    public const string Activate = "staff/definitions/{id}/versions/{version}/activate";

    // The console's pages (from the site root; the API's routes above are under /api).
    public const string ListPage = "staff/definitions";
    public const string DiffPage = "staff/definitions/diff";
    public const string UploadPage = "staff/definitions/upload";
    public const string ActivatePage = "staff/definitions/activate";

    private const string Tag = "definitions";

    public static readonly ApiRoute ValidateDefinition = new(
        nameof(ValidateDefinition), "POST", Validate, RouteAudience.Staff, Tag, "Validate a program definition",
        call => DefinitionHandlers.ValidateDefinitionAsync(call.Request, call.CancellationToken))
    {
        Audited = false, // checks a document, stores nothing
    };

    public static readonly ApiRoute PostDefinition = new(
        nameof(PostDefinition), "POST", Definitions, RouteAudience.Staff, Tag, "Store a new program definition version",
        call => call.Service<DefinitionHandlers>().PostDefinitionAsync(call.Request, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ListDefinitions = new(
        nameof(ListDefinitions), "GET", Definitions, RouteAudience.Staff, Tag, "List stored definition versions and the active one",
        call => call.Service<DefinitionHandlers>().ListDefinitionsAsync(call.CancellationToken));

    public static readonly ApiRoute GetDefinition = new(
        nameof(GetDefinition), "GET", Version, RouteAudience.Staff, Tag, "Read a stored definition version",
        call => call.Service<DefinitionHandlers>().GetDefinitionAsync(call.Value("id"), call.Value("version"), call.CancellationToken));

    public static readonly ApiRoute ActivateDefinition = new(
        nameof(ActivateDefinition), "POST", Activate, RouteAudience.Staff, Tag, "Make a stored version the active one",
        call => call.Service<DefinitionHandlers>().ActivateDefinitionAsync(call.Request, call.Value("id"), call.Value("version"), call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ShowDefinitions = new(
        nameof(ShowDefinitions), "GET", ListPage, RouteAudience.StaffPage, Tag, "Console: stored definition versions and the active one",
        call => call.Service<DefinitionPageHandlers>().ListAsync(call));

    public static readonly ApiRoute ShowDefinitionDiff = new(
        nameof(ShowDefinitionDiff), "GET", DiffPage, RouteAudience.StaffPage, Tag, "Console: what changes between two definition versions",
        call => call.Service<DefinitionPageHandlers>().DiffAsync(call));

    public static readonly ApiRoute UploadDefinitionFromConsole = new(
        nameof(UploadDefinitionFromConsole), "POST", UploadPage, RouteAudience.StaffPage, Tag, "Console: validate a candidate definition, or store it as a new version",
        call => call.Service<DefinitionPageHandlers>().UploadAsync(call));

    public static readonly ApiRoute ActivateDefinitionFromConsole = new(
        nameof(ActivateDefinitionFromConsole), "POST", ActivatePage, RouteAudience.StaffPage, Tag, "Console: make a stored version the active one",
        call => call.Service<DefinitionPageHandlers>().ActivateAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
        [ValidateDefinition, PostDefinition, ListDefinitions, GetDefinition, ActivateDefinition, ShowDefinitions, ShowDefinitionDiff, UploadDefinitionFromConsole, ActivateDefinitionFromConsole];
}
