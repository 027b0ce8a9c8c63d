using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// Calls a route's handler after enforcing the audience its table entry declares: partner-own routes validate the
/// <c>{partnerId}</c> route value and ask <see cref="IApiAccess.CheckPartnerAsync"/>; staff routes ask
/// <see cref="IApiAccess.CheckStaffAsync"/> and hand the staff id to the handler; approval-link and anonymous routes
/// go straight to the handler (the link's token is checked there). Handlers do not re-check the audience.
/// </summary>
public static class ApiDispatcher
{
    /// <summary>
    /// Runs <paramref name="route"/> for <paramref name="request"/>. <paramref name="routeValues"/> are passed by the
    /// host explicitly (the Functions worker binds them to the trigger's parameters, the local host reads them from
    /// routing) and must be exactly the template's parameters.
    /// </summary>
    /// <exception cref="InvalidOperationException">The values do not match the template's parameters (a host bug).</exception>
    public static async Task<IResult> DispatchAsync(
        ApiRoute route,
        HttpRequest request,
        IReadOnlyDictionary<string, string> routeValues,
        DurableTaskClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);
        CheckValues(route, routeValues);
        var context = request.HttpContext;
        var cancellationToken = context.RequestAborted;
        if (route.IsPage)
        {
            var check = await PageAccess.CheckAsync(route, request, routeValues);
            if (check.Refusal is not null)
            {
                return check.Refusal;
            }

            var actor = check.Session is { } session ? session.StaffId is { } sessionStaff ? StaffActor(sessionStaff) : PartnerActor(session.PartnerId) : null;
            return await RunAsync(route, request, routeValues, actor, new RouteCall(route, request, routeValues, check.Session?.StaffId, client, check.Session));
        }

        string? staffId = null;
        switch (route.Audience)
        {
            case RouteAudience.PartnerOwn:
                var partnerId = routeValues[ApiRoute.PartnerIdParameter];
                if (ApiIds.Validate((ApiRoute.PartnerIdParameter, partnerId)) is { } invalid)
                {
                    return invalid;
                }

                if (await Access(context).CheckPartnerAsync(context, partnerId, cancellationToken) is { } denied)
                {
                    return denied;
                }

                break;
            case RouteAudience.Staff:
                var staff = await Access(context).CheckStaffAsync(context, cancellationToken);
                if (staff.Problem is not null)
                {
                    return staff.Problem;
                }

                staffId = staff.StaffId ?? throw new InvalidOperationException("A staff check allowed the call without a staff id.");
                break;
            case RouteAudience.Anonymous:
            case RouteAudience.ApprovalLinkToken:
                break;
            default:
                throw new InvalidOperationException($"Route '{route.Name}' has no known audience.");
        }

        var caller = staffId is not null ? StaffActor(staffId) : CallerActor(context);
        return await RunAsync(route, request, routeValues, caller, new RouteCall(route, request, routeValues, staffId, client));
    }

    /// <summary><see cref="DispatchAsync(ApiRoute, HttpRequest, IReadOnlyDictionary{string, string}, DurableTaskClient?)"/> with the values as pairs.</summary>
    public static Task<IResult> DispatchAsync(ApiRoute route, HttpRequest request, DurableTaskClient? client, params (string Name, string Value)[] routeValues)
    {
        ArgumentNullException.ThrowIfNull(routeValues);
        var values = new Dictionary<string, string>(routeValues.Length, StringComparer.Ordinal);
        foreach (var (name, value) in routeValues)
        {
            values.Add(name, value);
        }

        return DispatchAsync(route, request, values, client);
    }

    // Runs the handler; a write route's call gets an audit scope and, once answered, its audit line.
    private static async Task<IResult> RunAsync(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string> routeValues, string? actor, RouteCall call)
    {
        if (!route.Audited)
        {
            return await route.Handler(call);
        }

        var scope = AuditScope.Begin();
        var result = await route.Handler(call);
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        await request.HttpContext.RequestServices.GetRequiredService<AuditRecorder>().RecordRequestAsync(route, request.HttpContext, routeValues, actor, scope, status);
        return result;
    }

    private static string StaffActor(string staffId) => "staff:" + staffId;

    private static string? PartnerActor(string? partnerId) => partnerId is null ? null : "partner:" + partnerId;

    // A partner-own API call is the partner's or staff's: the credential check named the caller ("partner:{id}" or the staff id).
    private static string? CallerActor(HttpContext context) => context.User.Identity?.Name switch
    {
        null or "" => null,
        var name when name.StartsWith("partner:", StringComparison.Ordinal) => name,
        var name => StaffActor(name),
    };

    private static IApiAccess Access(HttpContext context) => context.RequestServices.GetRequiredService<IApiAccess>();

    private static void CheckValues(ApiRoute route, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count != route.Parameters.Count || route.Parameters.Any(p => !values.ContainsKey(p)))
        {
            throw new InvalidOperationException(
                $"Route '{route.Name}' ({route.Template}) was given the values [{string.Join(", ", values.Keys)}], not its parameters [{string.Join(", ", route.Parameters)}].");
        }
    }
}
