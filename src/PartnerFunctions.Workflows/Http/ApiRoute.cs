using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>Who may call a route. The dispatcher enforces it before the handler runs.</summary>
public enum RouteAudience
{
    /// <summary>Anyone, no credential (e.g. the OpenAPI document).</summary>
    Anonymous,

    /// <summary>Anyone holding the approval link: the handler checks the token in the link (it is the authority).</summary>
    ApprovalLinkToken,

    /// <summary>The partner named by the route's <c>{partnerId}</c> (its own key or mapped principal), or staff.</summary>
    PartnerOwn,

    /// <summary>Program staff only; the handler is given the staff member's id.</summary>
    Staff,

    /// <summary>A page anyone may open (sign-in, the site root); the handler sees the session if there is one.</summary>
    PublicPage,

    /// <summary>A staff console page: a staff session (else sign-in; a partner's session gets 403).</summary>
    StaffPage,

    /// <summary>A partner page about the route's <c>{partnerId}</c>: that partner's session (another partner's: 404).</summary>
    PartnerPage,
}

/// <summary>Runs a route once its audience is checked.</summary>
public delegate Task<IResult> ApiRouteHandler(RouteCall call);

/// <summary>
/// One HTTP route of the API, declared once in its feature's route file: the operation name (also the Functions
/// function name and the OpenAPI operationId), method, template under /api, audience, what the OpenAPI document shows
/// (tag, summary) and the handler. Both hosts and the tests read these entries.
/// </summary>
public sealed partial record ApiRoute
{
    public ApiRoute(string name, string method, string template, RouteAudience audience, string tag, string summary, ApiRouteHandler handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        ArgumentException.ThrowIfNullOrWhiteSpace(summary);
        ArgumentNullException.ThrowIfNull(handler);
        if (!Enum.IsDefined(audience))
        {
            throw new ArgumentOutOfRangeException(nameof(audience), audience, "Not an audience.");
        }

        Parameters = Parameter().Matches(template).Select(m => m.Groups["name"].Value).ToArray();
        if (audience is RouteAudience.PartnerOwn or RouteAudience.PartnerPage && !Parameters.Contains(PartnerIdParameter, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Route '{name}' is for the partner's own resources but its template '{template}' has no {{{PartnerIdParameter}}}.", nameof(template));
        }

        Name = name;
        Method = method.ToUpperInvariant();
        Template = template;
        Audience = audience;
        Tag = tag;
        Summary = summary;
        Handler = handler;
    }

    /// <summary>The path under which the API routes are served (the Functions host's route prefix is empty so pages can be served from the root).</summary>
    public const string Prefix = "api/";

    /// <summary>The route value a partner-own route is about.</summary>
    public const string PartnerIdParameter = "partnerId";

    /// <summary>Operation name: the Functions function name, the local endpoint name and the OpenAPI operationId.</summary>
    public string Name { get; }

    /// <summary>HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>Route template without a leading slash: under /api for API routes (e.g. "partners/{partnerId}"), under the site root for pages.</summary>
    public string Template { get; }

    /// <summary>True for a browser page (HTML, session cookie) rather than an API operation.</summary>
    public bool IsPage => Audience is RouteAudience.PublicPage or RouteAudience.StaffPage or RouteAudience.PartnerPage;

    /// <summary>The template from the site root, without a leading slash: what the Functions trigger's Route is.</summary>
    public string Path => IsPage ? Template : Prefix + Template;

    /// <summary>Who may call it.</summary>
    public RouteAudience Audience { get; }

    /// <summary>OpenAPI tag (the feature).</summary>
    public string Tag { get; }

    /// <summary>OpenAPI summary.</summary>
    public string Summary { get; }

    /// <summary>The handler.</summary>
    public ApiRouteHandler Handler { get; }

    /// <summary>
    /// True when a call that succeeded is written to the audit log: every route but GET, unless its entry says it
    /// changes no program data (a sign-in, a validation, opening a document).
    /// </summary>
    public bool Audited
    {
        get => _audited ?? Method != "GET";
        init => _audited = value;
    }

    private readonly bool? _audited;

    /// <summary>Names of the template's parameters, in order.</summary>
    public IReadOnlyList<string> Parameters { get; }

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)\}")]
    private static partial Regex Parameter();
}
