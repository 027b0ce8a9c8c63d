namespace PartnerFunctions.Workflows.Approvals;

/// <summary>What an approval request is about (<see cref="Domain.Persistence.ApprovalRequest.Kind"/>).</summary>
public static class ApprovalKinds
{
    /// <summary>A customer reference to validate; a certification workflow waits for the answer.</summary>
    public const string Reference = "reference";

    /// <summary>A downgrade to approve or waive (tier change policy in staff-decision mode); no workflow waits.</summary>
    public const string Downgrade = "downgrade";

    /// <summary>A tier override a staff member asked for, to be approved by another (four eyes); no workflow waits.</summary>
    public const string Override = "override";
}

/// <summary>
/// Links in approval emails. Built from <c>Workflows:PublicBaseUrl</c>, never from a request's Host header. The link
/// carries the approval id and its token; it leads to the confirmation page (GET shows, only a POST from the page
/// decides), so this one place is all that changes if the page's route does.
/// </summary>
public static class ApprovalLinks
{
    /// <summary>Route (under /api) of the confirmation page an approval link opens.</summary>
    public const string ConfirmationRoute = "approvals/{approvalId}";

    /// <summary>Route (under /api) where the confirmation page's document forms post (the token in the body).</summary>
    public const string DocumentsRoute = "approvals/{approvalId}/documents";

    /// <summary>Query parameter carrying the token.</summary>
    public const string TokenParameter = "token";

    /// <summary>The link of an approval email: <c>{PublicBaseUrl}/api/approvals/{approvalId}?token={token}</c>.</summary>
    public static string ConfirmationUrl(string publicBaseUrl, string approvalId, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicBaseUrl);
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return $"{ApiUrl(publicBaseUrl)}approvals/{Uri.EscapeDataString(approvalId)}?{TokenParameter}={Uri.EscapeDataString(token)}";
    }

    /// <summary>
    /// Where the confirmation page's form posts: <c>{PublicBaseUrl}/api/approvals/{approvalId}</c>, without the token
    /// (it travels in the form body, so it stays out of the POST's URL and the server logs of it).
    /// </summary>
    public static string ActionUrl(string publicBaseUrl, string approvalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicBaseUrl);
        ArgumentException.ThrowIfNullOrEmpty(approvalId);
        return $"{ApiUrl(publicBaseUrl)}approvals/{Uri.EscapeDataString(approvalId)}";
    }

    /// <summary>The API root under the public base URL, ending with a slash: <c>{PublicBaseUrl}/api/</c>.</summary>
    public static string ApiUrl(string publicBaseUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(publicBaseUrl);
        return publicBaseUrl.TrimEnd('/') + "/api/";
    }
}
