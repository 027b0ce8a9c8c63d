using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// Ids that arrive in routes (partnerId, personId, lineId, referenceId, definition id): 1-64 letters, digits, '.',
/// '_' or '-', starting with a letter or digit. Ids used as storage keys and blob names stay readable and can never
/// smuggle a path separator or a key separator in.
/// </summary>
public static partial class ApiIds
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// What a valid id looks like, for error messages and the OpenAPI document (an ECMA pattern, where <c>$</c> is the
    /// end of the string). Not the matcher: in .NET <c>$</c> also matches before a final newline.
    /// </summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    // The same pattern anchored with \A and \z, so "okid\n" is refused.
    private const string Matcher = @"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z";

    /// <summary>True when <paramref name="id"/> is a valid id.</summary>
    public static bool IsValid(string? id) => id is not null && SafeId().IsMatch(id);

    /// <summary>The error for an invalid id, or null when it is valid.</summary>
    public static FieldError? Check(string field, string? id) =>
        IsValid(id) ? null : new FieldError(field, "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");

    /// <summary>A 400 problem naming every invalid id, or null when all are valid.</summary>
    public static IResult? Validate(params (string Field, string? Value)[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var errors = ids.Select(i => Check(i.Field, i.Value)).OfType<FieldError>().ToArray();
        return errors.Length == 0 ? null : ApiProblems.Validation(errors);
    }

    [GeneratedRegex(Matcher, RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
