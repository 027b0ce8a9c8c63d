using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PartnerFunctions.Workflows.Http;

/// <summary>The <c>pageSize</c> and <c>continuationToken</c> query parameters of a paged listing, checked the same way everywhere.</summary>
public static class ApiPaging
{
    /// <summary>What a token field's error says (also when the store refuses a token it did not issue).</summary>
    public const string TokenError = "must be the continuationToken of the previous page";

    /// <summary>Reads both parameters; an error for each bad one goes to <paramref name="errors"/>.</summary>
    public static (int PageSize, string? ContinuationToken) Read(HttpRequest request, int defaultPageSize, int maxPageSize, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var pageSize = defaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var pageSizeValues))
        {
            if (pageSizeValues.Count != 1
                || !int.TryParse(pageSizeValues[0], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize)
                || pageSize < 1 || pageSize > maxPageSize)
            {
                errors.Add(new FieldError("pageSize", FormattableString.Invariant($"must be a whole number from 1 to {maxPageSize}")));
            }
        }

        string? continuationToken = null;
        if (request.Query.TryGetValue("continuationToken", out var tokenValues))
        {
            continuationToken = tokenValues.Count == 1 ? tokenValues[0] : null;
            if (string.IsNullOrEmpty(continuationToken) || continuationToken.Length > 2048)
            {
                errors.Add(new FieldError("continuationToken", TokenError));
            }
        }

        return (pageSize, continuationToken);
    }

    /// <summary>True for what a table store throws on a continuation token it did not issue.</summary>
    public static bool IsBadToken(Exception exception, string? continuationToken) =>
        continuationToken is not null && exception is ArgumentException or FormatException;
}
