using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Web;

/// <summary>
/// The audience check of page routes, made by <see cref="ApiDispatcher"/> before a page's handler runs. Without a
/// session a staff or partner page sends the browser to sign-in (and back afterwards); a partner's session gets 403 on
/// staff pages and 404 on another partner's pages (as if they did not exist); staff may look at a partner's pages but
/// not post their forms. Every POST to a staff or partner page must carry the session's anti-forgery token.
/// </summary>
internal static class PageAccess
{
    /// <summary>Where sign-in is.</summary>
    public const string SignInPath = "/sign-in";

    public static async Task<(WebSession? Session, IResult? Refusal)> CheckAsync(ApiRoute route, HttpRequest request, IReadOnlyDictionary<string, string> values)
    {
        var services = request.HttpContext.RequestServices;
        var session = await services.GetRequiredService<PageSessions>().ResolveAsync(request.HttpContext);
        if (route.Audience == RouteAudience.PublicPage)
        {
            return (session, null);
        }

        var pages = services.GetRequiredService<PageRenderer>();
        if (session is null)
        {
            return (null, new PageRedirect(SignInPath + "?returnUrl=" + Uri.EscapeDataString(ReturnUrl(request))));
        }

        var context = PageContext.Of(session);
        var isPost = HttpMethods.IsPost(request.Method);
        if (route.Audience == RouteAudience.StaffPage && session.Kind != WebSessionKind.Staff)
        {
            return (session, await pages.MessageAsync(StatusCodes.Status403Forbidden, context, context.T("Not allowed", "Accès refusé"), context.T("This page is for program staff.", "Cette page est réservée à l'équipe du programme.")));
        }

        if (route.Audience == RouteAudience.PartnerPage)
        {
            var partnerId = values[ApiRoute.PartnerIdParameter];
            var own = session.Kind == WebSessionKind.Partner && string.Equals(session.PartnerId, partnerId, StringComparison.Ordinal);
            if (session.Kind == WebSessionKind.Partner && !own)
            {
                return (session, await NotFoundAsync(pages, context));
            }

            if (session.Kind == WebSessionKind.Staff && isPost)
            {
                return (session, await pages.MessageAsync(StatusCodes.Status403Forbidden, context, "Not allowed", "Staff can look at a partner's pages but not answer its forms."));
            }
        }

        if (isPost && !await HasValidTokenAsync(request, session))
        {
            return (session, await pages.MessageAsync(StatusCodes.Status400BadRequest, context, context.T("Form expired", "Formulaire expiré"), context.T("This form was not accepted (it is out of date or did not come from this site). Nothing was changed: open the page again and resubmit.", "Ce formulaire n'a pas été accepté (il est périmé ou ne vient pas de ce site). Rien n'a été modifié : rouvrez la page et recommencez.")));
        }

        return (session, null);
    }

    /// <summary>The 404 page (unknown, or another partner's).</summary>
    public static Task<IResult> NotFoundAsync(PageRenderer pages, PageContext context) =>
        pages.MessageAsync(StatusCodes.Status404NotFound, context, context.T("Page not found", "Page introuvable"), context.T("There is no such page.", "Cette page n'existe pas."));

    private static async Task<bool> HasValidTokenAsync(HttpRequest request, WebSession session)
    {
        if (!request.HasFormContentType)
        {
            return false;
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        return PageForms.IsValid(session, form);
    }

    // Only GET pages are returned to after sign-in (a form's POST cannot be replayed by a redirect).
    private static string ReturnUrl(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) ? (request.PathBase + request.Path + request.QueryString).ToString() : "/";

    /// <summary>A return URL that stays on this site, else "/".</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2000 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
