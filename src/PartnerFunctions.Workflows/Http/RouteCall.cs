using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// One call of a route, past its audience check: the request, the route values the host passed, the staff member
/// acting (staff routes) and the Durable Task client (when the host has one).
/// </summary>
public sealed class RouteCall
{
    private readonly IReadOnlyDictionary<string, string> _values;
    private readonly string? _staffId;
    private readonly DurableTaskClient? _client;

    internal RouteCall(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string> values, string? staffId, DurableTaskClient? client, WebSession? session = null)
    {
        Session = session;
        Route = route;
        Request = request;
        _values = values;
        _staffId = staffId;
        _client = client;
    }

    /// <summary>The browser session of a page call (required on staff and partner pages; optional on public pages).</summary>
    public WebSession? Session { get; }

    /// <summary>The layout context of a page call.</summary>
    public PageContext Page => PageContext.Of(Session);

    /// <summary>The route called.</summary>
    public ApiRoute Route { get; }

    /// <summary>The request.</summary>
    public HttpRequest Request { get; }

    /// <summary>Cancelled when the client goes away.</summary>
    public CancellationToken CancellationToken => Request.HttpContext.RequestAborted;

    /// <summary>The staff member acting (recorded as storedBy, issuedBy, …). Only on <see cref="RouteAudience.Staff"/> routes.</summary>
    public string StaffId => _staffId ?? throw new InvalidOperationException($"Route '{Route.Name}' is not a staff route: no staff member is known.");

    /// <summary>The Durable Task client of the host.</summary>
    public DurableTaskClient Client => _client ?? throw new InvalidOperationException($"Route '{Route.Name}' needs the Durable Task client and the host passed none.");

    /// <summary>A route value of the template (as the host decoded it).</summary>
    public string Value(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"Route '{Route.Name}' has no parameter '{name}'.");

    /// <summary>A service of the request's scope (e.g. the feature's handlers).</summary>
    public T Service<T>()
        where T : notnull => Request.HttpContext.RequestServices.GetRequiredService<T>();
}
