using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.WhatIf;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The console's what-if pages (<see cref="WhatIfRoutes"/>). Thin wrappers.</summary>
public static class WhatIfPagesFunctions
{
    [Function(nameof(WhatIfRoutes.ShowWhatIf))]
    public static Task<IActionResult> ShowWhatIf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WhatIfRoutes.StartPage)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.ShowWhatIf, request, null);

    [Function(nameof(WhatIfRoutes.StartWhatIfFromConsole))]
    public static Task<IActionResult> StartWhatIfFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WhatIfRoutes.StartStoredPage)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.StartWhatIfFromConsole, request, client);

    [Function(nameof(WhatIfRoutes.StartWhatIfCandidateFromConsole))]
    public static Task<IActionResult> StartWhatIfCandidateFromConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = WhatIfRoutes.StartCandidatePage)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.StartWhatIfCandidateFromConsole, request, client);

    [Function(nameof(WhatIfRoutes.ShowWhatIfResult))]
    public static Task<IActionResult> ShowWhatIfResult(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WhatIfRoutes.ResultPage)] HttpRequest request,
        string instanceId) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.ShowWhatIfResult, request, null, ("instanceId", instanceId));

    [Function(nameof(WhatIfRoutes.ShowWhatIfCell))]
    public static Task<IActionResult> ShowWhatIfCell(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = WhatIfRoutes.CellPage)] HttpRequest request,
        string instanceId,
        string from,
        string to) =>
        FunctionRoute.InvokeAsync(WhatIfRoutes.ShowWhatIfCell, request, null, ("instanceId", instanceId), ("from", from), ("to", to));
}
