using System.Net;
using System.Text.RegularExpressions;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>The approval link of a captured email (<c>{base}/api/approvals/{approvalId}?token=...</c>) and how to answer it.</summary>
public sealed partial record ApprovalLink(Uri Url, string ApprovalId)
{
    /// <summary>The first approval link among the mail's links, or null.</summary>
    public static ApprovalLink? Find(CapturedMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        foreach (var link in mail.Links)
        {
            var match = LinkPattern().Match(link);
            if (match.Success && Uri.TryCreate(WebUtility.HtmlDecode(link), UriKind.Absolute, out var url))
            {
                return new ApprovalLink(url, Uri.UnescapeDataString(match.Groups["id"].Value));
            }
        }

        return null;
    }

    /// <summary>
    /// Follows the link as a person would: GET shows the confirmation page, then its form is POSTed with the approve
    /// (or reject) button.
    /// </summary>
    public async Task<ApiResponse> AnswerAsync(ApiClient api, bool approve, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var page = await api.SendAsync(HttpMethod.Get, Url.PathAndQuery, null, null, cancellationToken);
        if (page.Status == 200 && page.ContentType == "text/html")
        {
            var fields = new List<KeyValuePair<string, string>>();
            foreach (Match input in HiddenInput().Matches(page.Body))
            {
                fields.Add(new(WebUtility.HtmlDecode(input.Groups["name"].Value), WebUtility.HtmlDecode(input.Groups["value"].Value)));
            }

            var wanted = approve ? "approve" : "reject";
            var button = SubmitButton().Matches(page.Body).FirstOrDefault(b => b.Groups["value"].Value.Contains(wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"No '{wanted}' button on the confirmation page: {page.Body}");
            fields.Add(new(WebUtility.HtmlDecode(button.Groups["name"].Value), WebUtility.HtmlDecode(button.Groups["value"].Value)));
            var action = FormAction().Match(page.Body) is { Success: true } form && form.Groups["action"].Value.Length > 0
                ? new Uri(Url, WebUtility.HtmlDecode(form.Groups["action"].Value)).PathAndQuery
                : Url.AbsolutePath;
            using var body = new FormUrlEncodedContent(fields);
            return await api.SendAsync(HttpMethod.Post, action, body, null, cancellationToken);
        }

        throw new InvalidOperationException($"GET on the approval link answered {page.Status} ({page.ContentType}): {page.Body}");
    }

    [GeneratedRegex(@"/api/approvals/(?<id>[^/?#""'\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*name=""(?<name>[^""]*)""[^>]*value=""(?<value>[^""]*)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"<button[^>]*name=""(?<name>[^""]*)""[^>]*value=""(?<value>[^""]*)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SubmitButton();

    [GeneratedRegex(@"<form[^>]*action=""(?<action>[^""]*)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();
}
