using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// Anti-forgery for the pages' forms. A signed-in form posts its session's token (synchronizer token, kept in the
/// session row); a sign-in form, before any session exists, posts the value of a pre-session cookie (double submit), so
/// another site cannot sign a browser in to an account of its choosing either.
/// </summary>
public static class PageForms
{
    /// <summary>The hidden field every form carries.</summary>
    public const string AntiforgeryField = "__RequestVerificationToken";

    /// <summary>The pre-session cookie of the sign-in forms.</summary>
    public const string SignInCookie = "pf_signin";

    /// <summary>True when the posted form carries the session's token.</summary>
    public static bool IsValid(WebSession session, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(form);
        return Same(session.AntiforgeryToken, Posted(form));
    }

    /// <summary>The token a sign-in form carries: the pre-session cookie's value, set now if the browser has none.</summary>
    public static string SignInToken(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(SignInCookie, out var existing) && existing is { Length: 43 })
        {
            return existing;
        }

        var token = PageSessions.NewSecret();
        var options = PageSessions.CookieOptions(context.Request, null);
        options.SameSite = SameSiteMode.Strict;
        context.Response.Cookies.Append(SignInCookie, token, options);
        return token;
    }

    /// <summary>True when a sign-in form posts the value of the browser's pre-session cookie.</summary>
    public static bool IsValidSignIn(HttpRequest request, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(form);
        return request.Cookies.TryGetValue(SignInCookie, out var cookie) && cookie is { Length: 43 } && Same(cookie, Posted(form));
    }

    /// <summary>A form field's single value, trimmed; null when absent, empty or repeated.</summary>
    public static string? Field(IFormCollection form, string name)
    {
        ArgumentNullException.ThrowIfNull(form);
        return form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
    }

    private static string? Posted(IFormCollection form) =>
        form.TryGetValue(AntiforgeryField, out var values) && values.Count == 1 ? values[0] : null;

    private static bool Same(string expected, string? posted) =>
        !string.IsNullOrEmpty(expected) && posted is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(posted));
}
