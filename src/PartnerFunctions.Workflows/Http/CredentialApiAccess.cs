using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Access;

namespace PartnerFunctions.Workflows.Http;

/// <summary>Who is calling: a partner (through one of its credentials or a mapped principal) or a staff member.</summary>
/// <param name="PartnerId">The partner the caller acts for; null for staff.</param>
/// <param name="StaffId">The staff member; null for a partner.</param>
/// <param name="Via">How the caller authenticated ("partner-key:{credentialId}", "staff-key", "local-staff-key", "app-service").</param>
public sealed record ApiCaller(string? PartnerId, string? StaffId, string Via)
{
    /// <summary>True for program staff.</summary>
    public bool IsStaff => StaffId is not null;
}

/// <summary>
/// The production <see cref="IApiAccess"/>: every call must carry a credential. Partners send their API key
/// (<c>Authorization: Bearer pf_…</c> or <c>X-Api-Key</c>) and may act on their own partner only (another partner's
/// resources answer 404, as if they did not exist); staff send a configured staff key, or in Azure come through App
/// Service Authentication with the staff app role, and may act on every partner. No credential: 401 with
/// <c>WWW-Authenticate: Bearer</c>; a partner on a staff endpoint: 403. The caller is resolved once per request and
/// set as <see cref="HttpContext.User"/> (name = staff id or "partner:{id}"). Failed checks are counted per client
/// address (<see cref="ApiRateLimits.CredentialFailure"/>): once the address has spent its failures, its calls with a
/// key answer 429 before the key is even looked at, so keys cannot be guessed at full speed.
/// </summary>
public sealed partial class CredentialApiAccess(
    IPartnerCredentialRepository credentials,
    IOptions<AccessOptions> options,
    ApiRateLimits rateLimits,
    ILogger<CredentialApiAccess> logger) : IApiAccess
{
    /// <summary>The header App Service Authentication sets with the signed-in principal (base64 JSON).</summary>
    public const string ClientPrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The header partners and staff may use instead of Authorization: Bearer.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly object CallerKey = new();

    /// <inheritdoc />
    public async ValueTask<IResult?> CheckPartnerAsync(HttpContext context, string partnerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, problem) = await AuthenticateAsync(context, cancellationToken);
        if (caller is null)
        {
            return problem;
        }

        if (caller.IsStaff || string.Equals(caller.PartnerId, partnerId, StringComparison.Ordinal))
        {
            return null;
        }

        // Another partner's resource answers exactly like a partner that does not exist: nothing to learn from it.
        LogOtherPartner(logger, caller.PartnerId!, partnerId);
        return ApiProblems.UnknownPartner(partnerId);
    }

    /// <inheritdoc />
    public async ValueTask<StaffCheck> CheckStaffAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (caller, problem) = await AuthenticateAsync(context, cancellationToken);
        if (caller is null)
        {
            return StaffCheck.Denied(problem!);
        }

        return caller.IsStaff
            ? StaffCheck.Allowed(caller.StaffId!)
            : StaffCheck.Denied(ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden.", "This endpoint is for program staff."));
    }

    /// <summary>The authenticated caller, or the 401/403 problem to return. Resolved once per request.</summary>
    public async ValueTask<(ApiCaller? Caller, IResult? Problem)> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(CallerKey, out var cached) && cached is ValueTuple<ApiCaller?, IResult?> known)
        {
            return known;
        }

        (ApiCaller? Caller, IResult? Problem) result = await ResolveAsync(context, cancellationToken);
        context.Items[CallerKey] = result;
        if (result.Caller is { } caller)
        {
            var name = caller.StaffId ?? "partner:" + caller.PartnerId;
            context.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, name) }, caller.Via));
        }

        return result;
    }

    /// <summary>
    /// A key typed into the sign-in page (partner API key or staff key): the caller it names, or null. Failed keys are
    /// counted per address exactly as the API's; <c>Throttled</c> is true when the address has spent its failures
    /// (the key is then not even looked at).
    /// </summary>
    public async ValueTask<(ApiCaller? Caller, bool Throttled)> AuthenticateKeyAsync(HttpContext context, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var address = ApiRateLimits.ClientAddress(context);
        if (rateLimits.CheckNotSpent(ApiRateLimits.CredentialFailure, address, "Too many failed credential checks from this address.") is not null)
        {
            LogThrottled(logger, address);
            return (null, true);
        }

        var caller = await FromKeyAsync(key, cancellationToken);
        if (caller is null)
        {
            rateLimits.Spend(ApiRateLimits.CredentialFailure, address);
        }

        return (caller, false);
    }

    private async ValueTask<(ApiCaller?, IResult?)> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var key = PresentedKey(context.Request);
        if (key is not null)
        {
            // Keys can be guessed, so failed ones are counted per address; the App Service principal cannot (the
            // platform sets it), so it is not.
            var address = ApiRateLimits.ClientAddress(context);
            if (rateLimits.CheckNotSpent(ApiRateLimits.CredentialFailure, address, "Too many failed credential checks from this address.") is { } throttled)
            {
                LogThrottled(logger, address);
                return (null, throttled);
            }

            var caller = await FromKeyAsync(key, cancellationToken);
            if (caller is null)
            {
                rateLimits.Spend(ApiRateLimits.CredentialFailure, address);
                return (null, Unauthorized(invalid: true));
            }

            return (caller, null);
        }

        var settings = options.Value;
        if (settings.TrustAppServicePrincipal && context.Request.Headers.TryGetValue(ClientPrincipalHeader, out var principal) && !string.IsNullOrEmpty(principal))
        {
            return await FromPrincipalAsync(principal.ToString(), settings, cancellationToken);
        }

        return (null, Unauthorized(invalid: false));
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers[HeaderNames.Authorization].ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var apiKey = request.Headers[ApiKeyHeader].ToString().Trim();
        return apiKey.Length > 0 ? apiKey : null;
    }

    private async Task<ApiCaller?> FromKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (PartnerApiKeys.TryParse(key, out var credentialId, out var secret))
        {
            var credential = await credentials.GetAsync(credentialId, cancellationToken);
            if (credential is null || !PartnerApiKeys.Verify(secret, credential.SecretHash))
            {
                LogKeyRefused(logger, credentialId, "unknown or wrong secret");
                return null;
            }

            if (credential.IsRevoked)
            {
                LogKeyRefused(logger, credentialId, "revoked");
                return null;
            }

            return new ApiCaller(credential.PartnerId, null, "partner-key:" + credentialId);
        }

        return StaffFromKey(key);
    }

    private ApiCaller? StaffFromKey(string key)
    {
        var settings = options.Value;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        ApiCaller? found = null;

        // Every entry is compared (no early exit), each in constant time.
        foreach (var (staffId, expected) in settings.StaffKeys())
        {
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                found ??= new ApiCaller(null, staffId, "staff-key");
            }
        }

        if (!string.IsNullOrEmpty(settings.LocalStaffKey)
            && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(settings.LocalStaffKey))))
        {
            found ??= new ApiCaller(null, AccessOptions.LocalStaffId, "local-staff-key");
        }

        if (found is null)
        {
            LogKeyRefused(logger, "(staff or malformed)", "no match");
        }

        return found;
    }

    private async Task<(ApiCaller?, IResult?)> FromPrincipalAsync(string header, AccessOptions settings, CancellationToken cancellationToken)
    {
        if (!AppServicePrincipal.TryParse(header, out var principal))
        {
            return (null, Unauthorized(invalid: true));
        }

        var staffName = principal.Name ?? principal.Claim("preferred_username") ?? principal.ObjectId;
        if (principal.Roles.Contains(settings.StaffRole, StringComparer.Ordinal) && staffName is not null)
        {
            return (new ApiCaller(null, staffName, "app-service"), null);
        }

        if (principal.ObjectId is { } objectId && await credentials.GetPrincipalAsync(objectId, cancellationToken) is { } mapping)
        {
            return (new ApiCaller(mapping.PartnerId, null, "app-service"), null);
        }

        LogPrincipalNotMapped(logger, principal.ObjectId ?? "(none)");
        return (null, ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden.", "The signed-in principal is neither program staff nor mapped to a partner."));
    }

    private static UnauthorizedResult Unauthorized(bool invalid) => new(invalid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key refused (credential {CredentialId}): {Reason}")]
    private static partial void LogKeyRefused(ILogger logger, string credentialId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential check refused for {ClientAddress}: too many failed checks (429)")]
    private static partial void LogThrottled(ILogger logger, string clientAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {CallerPartnerId} asked for partner {PartnerId}'s resources: answered 404")]
    private static partial void LogOtherPartner(ILogger logger, string callerPartnerId, string partnerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "App Service principal {ObjectId} is neither staff nor mapped to a partner")]
    private static partial void LogPrincipalNotMapped(ILogger logger, string objectId);

    /// <summary>401 problem+json with the WWW-Authenticate challenge (RFC 6750).</summary>
    public sealed class UnauthorizedResult(bool invalidToken) : IResult, IStatusCodeHttpResult
    {
        /// <inheritdoc />
        public int? StatusCode => StatusCodes.Status401Unauthorized;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.WWWAuthenticate = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
            var detail = invalidToken
                ? "The API key is not valid (unknown, revoked or altered)."
                : "Send an API key: Authorization: Bearer <key> (or X-Api-Key).";
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication required.", detail).ExecuteAsync(httpContext);
        }
    }
}

/// <summary>The principal App Service Authentication passes in X-MS-CLIENT-PRINCIPAL (base64 of a JSON claims list).</summary>
public sealed class AppServicePrincipal
{
    private const string ObjectIdClaimType = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private readonly IReadOnlyList<(string Type, string Value)> _claims;

    private AppServicePrincipal(IReadOnlyList<(string Type, string Value)> claims, string nameType, string roleType)
    {
        _claims = claims;
        Name = Claim(nameType);
        Roles = claims.Where(c => c.Type == roleType || c.Type == "roles" || c.Type == ClaimTypes.Role).Select(c => c.Value).ToArray();
        ObjectId = (Claim(ObjectIdClaimType) ?? Claim("oid"))?.Trim().ToLowerInvariant();
    }

    /// <summary>The name claim (name_typ), or null.</summary>
    public string? Name { get; }

    /// <summary>The app roles.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The Entra ID object id (lowercase), or null.</summary>
    public string? ObjectId { get; }

    /// <summary>The first claim of a type, or null.</summary>
    public string? Claim(string type) => _claims.FirstOrDefault(c => c.Type == type).Value;

    /// <summary>Decodes the header; false when it is not base64 JSON of the expected shape.</summary>
    public static bool TryParse(string header, out AppServicePrincipal principal)
    {
        principal = null!;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var list = new List<(string, string)>();
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object
                    && claim.TryGetProperty("typ", out var typ) && typ.ValueKind == JsonValueKind.String
                    && claim.TryGetProperty("val", out var val) && val.ValueKind == JsonValueKind.String)
                {
                    list.Add((typ.GetString()!, val.GetString()!));
                }
            }

            var nameType = root.TryGetProperty("name_typ", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : ClaimTypes.Name;
            var roleType = root.TryGetProperty("role_typ", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : ClaimTypes.Role;
            principal = new AppServicePrincipal(list, nameType, roleType);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
