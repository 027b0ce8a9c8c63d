using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.Workflows.ApiReference;

namespace PartnerFunctions.FunctionApp.Functions;

/// <summary>The API reference pages (<see cref="ApiReferenceRoutes"/>). Thin wrappers.</summary>
public static class ApiReferenceFunctions
{
    [Function(nameof(ApiReferenceRoutes.ShowApiReference))]
    public static Task<IActionResult> ShowApiReference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiReferenceRoutes.Overview)] HttpRequest request) =>
        FunctionRoute.InvokeAsync(ApiReferenceRoutes.ShowApiReference, request, null);

    [Function(nameof(ApiReferenceRoutes.ShowApiReferenceTag))]
    public static Task<IActionResult> ShowApiReferenceTag(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiReferenceRoutes.TagPage)] HttpRequest request,
        string tag) =>
        FunctionRoute.InvokeAsync(ApiReferenceRoutes.ShowApiReferenceTag, request, null, ("tag", tag));
}
