using Microsoft.AspNetCore.WebUtilities;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.LocalHost.Api;

/// <summary>
/// Gives the 4xx answers that routing itself makes (no route: 404, a method the route lacks: 405, and any other
/// empty-bodied 4xx) a problem+json body in the API's conventions (<see cref="ApiProblems"/>), status kept. Answers
/// that already have a body (the handlers' problems, the approval pages) are left as they are.
/// </summary>
public static class RoutingProblems
{
    /// <summary>Adds the status-code page that writes those problems.</summary>
    public static IApplicationBuilder UseRoutingProblems(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseStatusCodePages(context => ProblemFor(context.HttpContext).ExecuteAsync(context.HttpContext));
    }

    private static IResult ProblemFor(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = (request.PathBase + request.Path).ToUriComponent();
        return response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ApiProblems.UnknownRoute(path),
            StatusCodes.Status405MethodNotAllowed => ApiProblems.MethodNotAllowed(request.Method, path, AllowedMethods(response)),
            >= 400 and < 500 => ApiProblems.Problem(
                response.StatusCode,
                "http-" + response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReasonPhrases.GetReasonPhrase(response.StatusCode) + ".",
                $"{request.Method} {path} was refused ({ReasonPhrases.GetReasonPhrase(response.StatusCode)})."),
            _ => ApiProblems.Problem(response.StatusCode, "server-error", "The server failed.", "The request could not be completed."),
        };
    }

    // Routing's 405 lists the route's methods in Allow.
    private static string[] AllowedMethods(HttpResponse response) =>
        response.Headers.Allow.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Order(StringComparer.Ordinal)
            .ToArray();
}
