using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.SignIn;

/// <summary>
/// The site root, the sign-in page, key sign-in (staff key locally, partner API key for integrators), the App Service
/// Authentication sign-in of staff in Azure, and sign-out. A wrong key and an unknown one get the same answer, and
/// failed keys count against the address like the API's.
/// </summary>
public sealed class SignInHandlers(
    PageSessions sessions,
    PageRenderer pages,
    CredentialApiAccess access,
    IPartnerRepository partners,
    IOptions<AccessOptions> accessOptions)
{
    /// <summary>Form field of the key forms.</summary>
    public const string KeyField = "key";

    /// <summary>Form field and query parameter of the page to go back to after sign-in.</summary>
    public const string ReturnUrlField = "returnUrl";

    /// <summary>GET /: the console for staff, the partner's page for a partner, else sign-in.</summary>
    public static Task<IResult> HomeAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Task.FromResult<IResult>(new PageRedirect(HomeOf(call.Session)));
    }

    /// <summary>GET sign-in: the three ways in.</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var query = call.Request.Query;
        var notice = query.ContainsKey("signedOut") ? "You are signed out." : null;
        return PageAsync(call, StatusCodes.Status200OK, PageAccess.SafeReturnUrl(query[ReturnUrlField].ToString()), notice, null);
    }

    /// <summary>POST sign-in/staff (form: key): a staff key signs staff in.</summary>
    public async Task<IResult> StaffKeyAsync(RouteCall call) => await KeyAsync(call, staff: true);

    /// <summary>POST sign-in/partner-key (form: key): a partner API key signs its partner in.</summary>
    public async Task<IResult> PartnerKeyAsync(RouteCall call) => await KeyAsync(call, staff: false);

    /// <summary>GET sign-in/microsoft: after App Service Authentication, a Continue button (a GET signs no one in).</summary>
    public Task<IResult> ShowMicrosoftAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!accessOptions.Value.TrustAppServicePrincipal)
        {
            return PageAccess.NotFoundAsync(pages, call.Page);
        }

        return pages.RenderAsync<MicrosoftSignInPage>(new Dictionary<string, object?>
        {
            [nameof(MicrosoftSignInPage.Context)] = call.Page,
            [nameof(MicrosoftSignInPage.FormToken)] = PageForms.SignInToken(call.Request.HttpContext),
        });
    }

    /// <summary>POST sign-in/microsoft: the App Service principal with the staff role signs staff in.</summary>
    public async Task<IResult> MicrosoftAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!accessOptions.Value.TrustAppServicePrincipal)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        var form = await FormAsync(call.Request);
        if (form is null || !PageForms.IsValidSignIn(call.Request, form))
        {
            return await ExpiredAsync(call);
        }

        var (caller, _) = await access.AuthenticateAsync(call.Request.HttpContext, call.CancellationToken);
        if (caller is not { IsStaff: true })
        {
            return await PageAsync(call, StatusCodes.Status403Forbidden, "/", null, "Your Microsoft account does not have the program staff role.");
        }

        await sessions.SignInAsync(call.Request.HttpContext, WebSessionKind.Staff, caller.StaffId, null, "en", caller.Via);
        return new PageRedirect("/staff");
    }

    /// <summary>POST sign-out: ends the session (its form carries the session's token).</summary>
    public async Task<IResult> SignOutAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await FormAsync(call.Request);
        if (call.Session is { } session && (form is null || !PageForms.IsValid(session, form)))
        {
            return await ExpiredAsync(call);
        }

        await sessions.SignOutAsync(call.Request.HttpContext);
        return new PageRedirect("/sign-in?signedOut=1");
    }

    /// <summary>Where a session's home is.</summary>
    public static string HomeOf(WebSession? session) => session switch
    {
        { Kind: WebSessionKind.Staff } => "/staff",
        { Kind: WebSessionKind.Partner, PartnerId: { } partnerId } => PartnerHome(partnerId),
        _ => "/sign-in",
    };

    /// <summary>A partner's own page.</summary>
    public static string PartnerHome(string partnerId) => "/partner/" + Uri.EscapeDataString(partnerId);

    /// <summary>The sign-in page with a notice or an error, and a fresh form token.</summary>
    internal Task<IResult> PageAsync(RouteCall call, int status, string returnUrl, string? notice, string? error)
    {
        var settings = accessOptions.Value;
        return pages.RenderAsync<SignInPage>(status, new Dictionary<string, object?>
        {
            [nameof(SignInPage.Context)] = call.Page,
            [nameof(SignInPage.FormToken)] = PageForms.SignInToken(call.Request.HttpContext),
            [nameof(SignInPage.ReturnUrl)] = returnUrl,
            [nameof(SignInPage.Notice)] = notice,
            [nameof(SignInPage.Error)] = error,
            [nameof(SignInPage.StaffKeys)] = !string.IsNullOrEmpty(settings.LocalStaffKey) || settings.StaffKeys().Any(),
            [nameof(SignInPage.Microsoft)] = settings.TrustAppServicePrincipal,
        });
    }

    internal Task<IResult> ExpiredAsync(RouteCall call) =>
        PageAsync(call, StatusCodes.Status400BadRequest, "/", null, "This form was out of date. Nothing happened: please try again.");

    internal static async Task<IFormCollection?> FormAsync(HttpRequest request) =>
        request.HasFormContentType ? await request.ReadFormAsync(request.HttpContext.RequestAborted) : null;

    private async Task<IResult> KeyAsync(RouteCall call, bool staff)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await FormAsync(call.Request);
        if (form is null || !PageForms.IsValidSignIn(call.Request, form))
        {
            return await ExpiredAsync(call);
        }

        var returnUrl = PageAccess.SafeReturnUrl(PageForms.Field(form, ReturnUrlField));
        var key = PageForms.Field(form, KeyField);
        if (key is null || key.Length > 512)
        {
            return await PageAsync(call, StatusCodes.Status400BadRequest, returnUrl, null, "Enter your key.");
        }

        var (caller, throttled) = await access.AuthenticateKeyAsync(call.Request.HttpContext, key, call.CancellationToken);
        if (throttled)
        {
            return await PageAsync(call, StatusCodes.Status429TooManyRequests, returnUrl, null, "Too many failed attempts from your address. Wait a minute and try again.");
        }

        if (caller is null || caller.IsStaff != staff)
        {
            return await PageAsync(call, StatusCodes.Status401Unauthorized, returnUrl, null, staff ? "This staff key is not valid." : "This API key is not valid.");
        }

        if (caller.IsStaff)
        {
            await sessions.SignInAsync(call.Request.HttpContext, WebSessionKind.Staff, caller.StaffId, null, "en", caller.Via);
            return new PageRedirect(returnUrl == "/" ? "/staff" : returnUrl);
        }

        var profile = await partners.GetProfileAsync(caller.PartnerId!, call.CancellationToken);
        await sessions.SignInAsync(call.Request.HttpContext, WebSessionKind.Partner, null, caller.PartnerId, LanguageOf(profile), caller.Via);
        return new PageRedirect(returnUrl == "/" ? PartnerHome(caller.PartnerId!) : returnUrl);
    }

    /// <summary>The pages' language of a partner: its email language when it is French, else English.</summary>
    internal static string LanguageOf(PartnerProfile? profile) =>
        string.Equals(profile?.Partner.Language, "fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
}
