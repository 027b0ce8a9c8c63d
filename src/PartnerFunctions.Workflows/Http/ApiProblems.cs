using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>One field at fault in a rejected request.</summary>
/// <param name="Field">JSON path of the field (e.g. "amount", "people[2].completedOn"), or a query/route name.</param>
public sealed record FieldError(string Field, string Message);

/// <summary>
/// RFC 7807 problem+json responses. Every rejected request gets one, naming the field at fault, and changes nothing.
/// </summary>
public static class ApiProblems
{
    private const string TypeBase = "https://partnerfunctions.example/problems/";

    /// <summary>400: the request is malformed or a field is invalid.</summary>
    public static IResult Validation(params FieldError[] errors) => Validation((IReadOnlyList<FieldError>)errors);

    /// <summary>400: the request is malformed or a field is invalid.</summary>
    public static IResult Validation(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var detail = errors.Count == 1 ? $"{errors[0].Field}: {errors[0].Message}" : $"{errors.Count} fields are invalid.";
        return Problem(StatusCodes.Status400BadRequest, "validation", "The request is not valid.", detail, new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new Dictionary<string, string> { ["field"] = e.Field, ["message"] = e.Message }).ToArray(),
        });
    }

    /// <summary>404: the resource does not exist (or is not the caller's).</summary>
    public static IResult NotFound(string what) =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", what);

    /// <summary>404: the partner does not exist, or is not the caller's (both answer alike: nothing to learn from it).</summary>
    public static IResult UnknownPartner(string partnerId) => NotFound($"Partner '{partnerId}' does not exist.");

    /// <summary>404: no route of the API has this path.</summary>
    public static IResult UnknownRoute(string path) =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found.", $"No route of the API matches the path '{path}'.");

    /// <summary>405: the route exists but not with this method; <paramref name="allowed"/> are the ones it has.</summary>
    public static IResult MethodNotAllowed(string method, string path, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Problem(
            StatusCodes.Status405MethodNotAllowed,
            "method-not-allowed",
            "Method not allowed.",
            $"'{path}' does not accept {method}; allowed: {string.Join(", ", allowed)}.",
            new Dictionary<string, object?> { ["allowed"] = allowed.ToArray() });
    }

    /// <summary>400: the request line itself is not acceptable (e.g. an encoded NUL or slash in the path).</summary>
    public static IResult BadRequestTarget(string path, string reason) =>
        Problem(StatusCodes.Status400BadRequest, "bad-request-target", "The request path is not valid.", $"The path '{path}' {reason}.", new Dictionary<string, object?>
        {
            ["errors"] = new[] { new Dictionary<string, string> { ["field"] = "path", ["message"] = reason } },
        });

    /// <summary>409: the request conflicts with the current state (e.g. a workflow already running).</summary>
    public static IResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "Conflict with the current state.", detail, extensions);

    /// <summary>412: the resource changed since the caller read it (If-Match did not match).</summary>
    public static IResult PreconditionFailed(string detail) =>
        Problem(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The resource changed.", detail);

    /// <summary>413: the upload is larger than allowed.</summary>
    public static IResult TooLarge(string field, string detail) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large.", detail, new Dictionary<string, object?>
        {
            ["errors"] = new[] { new Dictionary<string, string> { ["field"] = field, ["message"] = detail } },
        });

    /// <summary>415: the content type is not accepted.</summary>
    public static IResult UnsupportedMediaType(string field, string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", detail, new Dictionary<string, object?>
        {
            ["errors"] = new[] { new Dictionary<string, string> { ["field"] = field, ["message"] = detail } },
        });

    /// <summary>Most bad lines an import rejection lists (a rejected 29 MB file once answered with 36 MB of them).</summary>
    public const int MaxImportErrorsListed = 1000;

    /// <summary>
    /// 400: an import file has bad lines and nothing was written. The first <see cref="MaxImportErrorsListed"/> are
    /// listed ({line, column, reason}); <c>errorCount</c> says how many there are and <c>truncated</c> whether some
    /// were left out.
    /// </summary>
    public static IResult ImportRejected(IReadOnlyList<(int Line, string Column, string Reason)> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var truncated = lines.Count > MaxImportErrorsListed;
        var detail = lines.Count == 1
            ? FormattableString.Invariant($"Line {lines[0].Line}, {lines[0].Column}: {lines[0].Reason}. Nothing was imported.")
            : truncated
                ? FormattableString.Invariant($"{lines.Count} lines are invalid; the first {MaxImportErrorsListed} are listed. Nothing was imported.")
                : FormattableString.Invariant($"{lines.Count} lines are invalid. Nothing was imported.");
        var extensions = new Dictionary<string, object?>
        {
            ["errors"] = lines.Take(MaxImportErrorsListed).Select(l => new Dictionary<string, object> { ["line"] = l.Line, ["column"] = l.Column, ["reason"] = l.Reason }).ToArray(),
            ["errorCount"] = lines.Count,
            ["truncated"] = truncated,
        };
        return Problem(StatusCodes.Status400BadRequest, "import-rejected", "The file was not imported.", detail, extensions);
    }

    /// <summary>409: no program definition is active yet, so the request cannot be checked against the rules.</summary>
    public static IResult NoActiveDefinition() =>
        Conflict("No program definition is active: store one (POST /api/staff/definitions) and activate it first.");

    /// <summary>A problem response with a stable type URI per kind.</summary>
    public static IResult Problem(int status, string kind, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + kind, extensions: extensions);
}
