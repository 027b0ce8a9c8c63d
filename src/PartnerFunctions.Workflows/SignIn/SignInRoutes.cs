using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.SignIn;

/// <summary>
/// The site root and sign-in pages (from the site root, not under /api): staff by key (locally) or through App Service
/// Authentication (Azure); partners by a one-time link mailed to their contact address, or by API key; sign-out.
/// </summary>
public static class SignInRoutes
{
    /// <summary>The site root ("/"); the constraint makes the Functions host route the empty path to it.</summary>
    public const string Root = "{root:maxlength(0)?}";
    public const string SignIn = "sign-in";
    public const string Staff = "sign-in/staff";
    public const string PartnerKey = "sign-in/partner-key";
    public const string LinkRequest = "sign-in/link";
    public const string Link = "sign-in/link/{linkId}";
    public const string Microsoft = "sign-in/microsoft";
    public const string SignOut = "sign-out";

    private const string Tag = "pages";

    public static readonly ApiRoute ShowHome = new(
        nameof(ShowHome), "GET", Root, RouteAudience.PublicPage, Tag, "Site root: the console, the partner's page or sign-in",
        SignInHandlers.HomeAsync);

    public static readonly ApiRoute ShowSignIn = new(
        nameof(ShowSignIn), "GET", SignIn, RouteAudience.PublicPage, Tag, "Sign-in page",
        call => call.Service<SignInHandlers>().ShowAsync(call));

    public static readonly ApiRoute SignInStaff = new(
        nameof(SignInStaff), "POST", Staff, RouteAudience.PublicPage, Tag, "Sign in as staff with a staff key",
        call => call.Service<SignInHandlers>().StaffKeyAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    public static readonly ApiRoute SignInPartnerKey = new(
        nameof(SignInPartnerKey), "POST", PartnerKey, RouteAudience.PublicPage, Tag, "Sign in as a partner with an API key",
        call => call.Service<SignInHandlers>().PartnerKeyAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    public static readonly ApiRoute RequestSignInLink = new(
        nameof(RequestSignInLink), "POST", LinkRequest, RouteAudience.PublicPage, Tag, "Mail a one-time sign-in link to a partner's contact address",
        call => call.Service<SignInLinkHandlers>().RequestAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    public static readonly ApiRoute ShowSignInLink = new(
        nameof(ShowSignInLink), "GET", Link, RouteAudience.PublicPage, Tag, "A sign-in link: the Continue page (signs no one in)",
        call => call.Service<SignInLinkHandlers>().ShowAsync(call));

    public static readonly ApiRoute UseSignInLink = new(
        nameof(UseSignInLink), "POST", Link, RouteAudience.PublicPage, Tag, "A sign-in link: sign in (once)",
        call => call.Service<SignInLinkHandlers>().UseAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    public static readonly ApiRoute ShowMicrosoftSignIn = new(
        nameof(ShowMicrosoftSignIn), "GET", Microsoft, RouteAudience.PublicPage, Tag, "After App Service Authentication: the Continue page",
        call => call.Service<SignInHandlers>().ShowMicrosoftAsync(call));

    public static readonly ApiRoute SignInMicrosoft = new(
        nameof(SignInMicrosoft), "POST", Microsoft, RouteAudience.PublicPage, Tag, "After App Service Authentication: sign in as staff",
        call => call.Service<SignInHandlers>().MicrosoftAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    public static readonly ApiRoute SignOutSession = new(
        nameof(SignOutSession), "POST", SignOut, RouteAudience.PublicPage, Tag, "Sign out (ends the session)",
        call => call.Service<SignInHandlers>().SignOutAsync(call))
    {
        Audited = false, // sessions, not program data: the host logs them
    };

    /// <summary>This feature's entries of the route table.</summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
        [ShowHome, ShowSignIn, SignInStaff, SignInPartnerKey, RequestSignInLink, ShowSignInLink, UseSignInLink, ShowMicrosoftSignIn, SignInMicrosoft, SignOutSession];
}
