namespace PartnerFunctions.Domain.Persistence;

/// <summary>Who a browser session belongs to.</summary>
public enum WebSessionKind
{
    /// <summary>A program staff member (console pages).</summary>
    Staff,

    /// <summary>A partner (its own pages).</summary>
    Partner,
}

/// <summary>
/// A signed-in browser session, stored server-side so signing out (or staff revoking it) ends it at once. The cookie
/// holds a random secret; only its hash is the row's key, so a copy of the table signs no one in.
/// </summary>
/// <param name="Id">SHA-256 (hex) of the cookie's secret.</param>
/// <param name="StaffId">The staff member, for a staff session.</param>
/// <param name="PartnerId">The partner, for a partner session.</param>
/// <param name="Language">The pages' language ("fr", "en").</param>
/// <param name="AntiforgeryToken">The token every form of the session must post back (synchronizer token).</param>
/// <param name="Via">How the session was signed in ("local-staff-key", "app-service", "sign-in-link", "partner-key:{id}").</param>
public sealed record WebSession(
    string Id,
    WebSessionKind Kind,
    string? StaffId,
    string? PartnerId,
    string Language,
    string AntiforgeryToken,
    string Via,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt);

/// <summary>Browser sessions (table <c>websessions</c>).</summary>
public interface IWebSessionRepository
{
    /// <summary>Stores a new session.</summary>
    Task CreateAsync(WebSession session, CancellationToken cancellationToken = default);

    /// <summary>The session with this id, or null.</summary>
    Task<WebSession?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Moves the session's last activity (sliding expiry); a session deleted meanwhile stays deleted.</summary>
    Task TouchAsync(string id, DateTimeOffset lastSeenAt, CancellationToken cancellationToken = default);

    /// <summary>Ends the session (idempotent).</summary>
    Task DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// A one-time sign-in link sent to a partner's contact address: single use, short-lived, stored by the hash of its
/// token.
/// </summary>
/// <param name="Id">The link's id (in its URL).</param>
/// <param name="TokenHash">SHA-256 (hex) of the link's token.</param>
/// <param name="ETag">Concurrency token of the stored row (empty before it is stored).</param>
public sealed record SignInLink(string Id, string TokenHash, string PartnerId, DateTimeOffset ExpiresAt, string ETag = "");

/// <summary>Partner sign-in links (table <c>signinlinks</c>).</summary>
public interface ISignInLinkRepository
{
    /// <summary>Stores a new link.</summary>
    Task CreateAsync(SignInLink link, CancellationToken cancellationToken = default);

    /// <summary>The link with this id, or null (unknown or already used).</summary>
    Task<SignInLink?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Uses the link up: true for exactly one caller of a link read with <see cref="SignInLink.ETag"/>.</summary>
    Task<bool> ConsumeAsync(SignInLink link, CancellationToken cancellationToken = default);
}
