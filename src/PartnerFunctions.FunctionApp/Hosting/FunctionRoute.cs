using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Hosting;

/// <summary>
/// What every [HttpTrigger] wrapper does: hands its route table entry, the request and the route values the worker
/// bound to the wrapper's parameters to <see cref="ApiDispatcher"/> (which enforces the entry's audience), and returns
/// the handler's result to the Functions host.
/// </summary>
public static class FunctionRoute
{
    /// <summary>Dispatches <paramref name="route"/> with explicit route values (name, value) and the bound Durable Task client, if any.</summary>
    public static async Task<IActionResult> InvokeAsync(ApiRoute route, HttpRequest request, DurableTaskClient? client, params (string Name, string Value)[] routeValues) =>
        new HttpResultActionResult(await ApiDispatcher.DispatchAsync(route, request, client, routeValues));
}
