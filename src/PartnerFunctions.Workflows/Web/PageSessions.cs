using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// Browser sessions: server-side rows (<see cref="IWebSessionRepository"/>) named by the hash of a random secret kept
/// in an HttpOnly cookie. Server-side rows rather than Data Protection cookies because signing out (and a stolen
/// laptop's session being ended by staff) must end the session at once, which a self-contained cookie cannot do
/// without a revocation list, and because there is no key ring to keep in Blob storage and rotate. Sessions expire
/// after <see cref="IdleTimeout"/> without activity and <see cref="AbsoluteTimeout"/> after sign-in.
/// </summary>
public sealed class PageSessions(IWebSessionRepository sessions, TimeProvider time)
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "pf_session";

    /// <summary>A session unused this long is over.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(8);

    /// <summary>A session is over this long after sign-in, however active.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(24);

    // Activity is written at most this often (a page view is then one point read, not a read and a write).
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(5);

    private static readonly object SessionKey = new();

    /// <summary>The request's session, or null (no cookie, unknown, expired). Resolved once per request.</summary>
    public async Task<WebSession?> ResolveAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(SessionKey, out var cached))
        {
            return cached as WebSession;
        }

        var session = await LoadAsync(context);
        context.Items[SessionKey] = session;
        return session;
    }

    /// <summary>Signs the browser in: ends any session it had (no fixation), stores a new one and sets its cookie.</summary>
    public async Task<WebSession> SignInAsync(HttpContext context, WebSessionKind kind, string? staffId, string? partnerId, string language, string via)
    {
        ArgumentNullException.ThrowIfNull(context);
        await SignOutAsync(context);
        var secret = NewSecret();
        var now = time.GetUtcNow();
        var session = new WebSession(Hash(secret), kind, staffId, partnerId, language, NewSecret(), via, now, now);
        await sessions.CreateAsync(session, context.RequestAborted);
        context.Response.Cookies.Append(CookieName, secret, CookieOptions(context.Request, now + AbsoluteTimeout));
        context.Items[SessionKey] = session;
        return session;
    }

    /// <summary>Ends the request's session, if any, and clears its cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies.TryGetValue(CookieName, out var secret))
        {
            if (IsWellFormed(secret))
            {
                await sessions.DeleteAsync(Hash(secret), context.RequestAborted);
            }

            context.Response.Cookies.Delete(CookieName, CookieOptions(context.Request, null));
        }

        context.Items[SessionKey] = null;
    }

    /// <summary>A new random secret: 256 bits, base64url.</summary>
    public static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of a secret, hex: what is stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The cookie options every page cookie uses: HttpOnly, SameSite=Lax (links from email keep the session), Secure over https.</summary>
    public static CookieOptions CookieOptions(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    private async Task<WebSession?> LoadAsync(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var secret) || !IsWellFormed(secret))
        {
            return null;
        }

        var id = Hash(secret);
        var session = await sessions.GetAsync(id, context.RequestAborted);
        if (session is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now - session.LastSeenAt > IdleTimeout || now - session.CreatedAt > AbsoluteTimeout)
        {
            await sessions.DeleteAsync(id, context.RequestAborted);
            return null;
        }

        if (now - session.LastSeenAt > TouchInterval)
        {
            await sessions.TouchAsync(id, now, context.RequestAborted);
            session = session with { LastSeenAt = now };
        }

        return session;
    }

    // A real secret is 43 base64url characters; anything else is not looked up.
    private static bool IsWellFormed(string? secret) =>
        secret is { Length: 43 } && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
