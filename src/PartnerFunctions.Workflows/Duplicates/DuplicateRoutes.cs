using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>Customer references and people claimed by two partners or more (from the nightly), and their resolution by staff.</summary>
public static class DuplicateRoutes
{
    public const string List = "staff/duplicates";
    public const string Resolutions = "staff/duplicates/resolutions";

    /// <summary>The console's page and its form (from the site root).</summary>
    public const string Page = "staff/duplicates";
    public const string ResolvePage = "staff/duplicates/resolve";

    private const string Tag = "duplicates";

    public static readonly ApiRoute ListDuplicates = new(
        nameof(ListDuplicates), "GET", List, RouteAudience.Staff, Tag, "List the customer references and the people the latest nightly found claimed by two partners or more",
        call => call.Service<DuplicateHandlers>().ListAsync(call.CancellationToken));

    public static readonly ApiRoute ResolveDuplicate = new(
        nameof(ResolveDuplicate), "POST", Resolutions, RouteAudience.Staff, Tag, "Resolve a duplicate: one partner keeps the reference (the others' copies are rejected) or the person (the others' copies stop counting)",
        call => call.Service<DuplicateHandlers>().ResolveAsync(call.Request, call.StaffId, call.CancellationToken));

    public static readonly ApiRoute ShowDuplicates = new(
        nameof(ShowDuplicates), "GET", Page, RouteAudience.StaffPage, Tag, "Console: duplicate customer references and people, and their resolution",
        call => call.Service<DuplicatePageHandlers>().ShowAsync(call));

    public static readonly ApiRoute ResolveDuplicateFromConsole = new(
        nameof(ResolveDuplicateFromConsole), "POST", ResolvePage, RouteAudience.StaffPage, Tag, "Console: resolve a duplicate",
        call => call.Service<DuplicatePageHandlers>().ResolveAsync(call));

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [ListDuplicates, ResolveDuplicate, ShowDuplicates, ResolveDuplicateFromConsole];
}
