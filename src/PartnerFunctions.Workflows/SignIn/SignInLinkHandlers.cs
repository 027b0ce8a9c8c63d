using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.SignIn;

/// <summary>
/// One-time sign-in links for partners. The sign-in page asks for the partner id and the contact address; when they
/// match the partner's profile a link is mailed there, and the page answers the same either way (it never says whether
/// an address is registered; a mismatch counts as a failed credential check of the address). The link's GET shows a
/// Continue button and signs no one in (mail scanners open links); its POST signs in once, within
/// <see cref="Lifetime"/>.
/// </summary>
public sealed partial class SignInLinkHandlers(
    PageSessions sessions,
    PageRenderer pages,
    SignInHandlers signIn,
    IPartnerRepository partners,
    ISignInLinkRepository links,
    IEmailSender email,
    ApiRateLimits rateLimits,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<SignInLinkHandlers> logger)
{
    /// <summary>How long a link signs in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public const string PartnerIdField = "partnerId";
    public const string EmailField = "email";
    public const string TokenField = "token";

    private const string Sent = "If this address is the partner's registered contact, a sign-in link is on its way to it. It works once, for 15 minutes.";

    /// <summary>POST sign-in/link (form: partnerId, email): mails a link when they match; the same answer otherwise.</summary>
    public async Task<IResult> RequestAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await SignInHandlers.FormAsync(call.Request);
        if (form is null || !PageForms.IsValidSignIn(call.Request, form))
        {
            return await signIn.ExpiredAsync(call);
        }

        var partnerId = PageForms.Field(form, PartnerIdField);
        var address = PageForms.Field(form, EmailField);
        if (partnerId is null || address is null || partnerId.Length > 64 || address.Length > 254)
        {
            return await signIn.PageAsync(call, StatusCodes.Status400BadRequest, "/", null, "Enter your partner id and your contact email address.");
        }

        var client = ApiRateLimits.ClientAddress(call.Request.HttpContext);
        if (rateLimits.CheckNotSpent(ApiRateLimits.CredentialFailure, client, "Too many sign-in attempts.") is not null)
        {
            return await signIn.PageAsync(call, StatusCodes.Status429TooManyRequests, "/", null, "Too many attempts from your address. Wait a minute and try again.");
        }

        var profile = await partners.GetProfileAsync(partnerId, call.CancellationToken);
        if (profile is null || !string.Equals(profile.Partner.Email.Trim(), address, StringComparison.OrdinalIgnoreCase))
        {
            rateLimits.Spend(ApiRateLimits.CredentialFailure, client);
            LogNoMatch(logger, partnerId);
            return await signIn.PageAsync(call, StatusCodes.Status200OK, "/", Sent, null);
        }

        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var token = PageSessions.NewSecret();
        await links.CreateAsync(new SignInLink(id, PageSessions.Hash(token), partnerId, time.GetUtcNow() + Lifetime), call.CancellationToken);
        var url = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/sign-in/link/{id}?{TokenField}={token}";
        var result = await email.SendAsync(Message(profile.Partner, url, id), call.CancellationToken);
        LogSent(logger, partnerId, result.Status);
        return await signIn.PageAsync(call, StatusCodes.Status200OK, "/", Sent, null);
    }

    /// <summary>GET sign-in/link/{linkId}?token=: the Continue page; reads only.</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var token = call.Request.Query[TokenField].ToString();
        var (link, refusal) = await FindAsync(call, token);
        if (link is null)
        {
            return refusal!;
        }

        return await pages.RenderAsync<SignInLinkPage>(new Dictionary<string, object?>
        {
            [nameof(SignInLinkPage.Context)] = call.Page,
            [nameof(SignInLinkPage.FormToken)] = PageForms.SignInToken(call.Request.HttpContext),
            [nameof(SignInLinkPage.LinkId)] = link.Id,
            [nameof(SignInLinkPage.Token)] = token,
        });
    }

    /// <summary>POST sign-in/link/{linkId} (form: token): uses the link up and signs the partner in.</summary>
    public async Task<IResult> UseAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await SignInHandlers.FormAsync(call.Request);
        if (form is null || !PageForms.IsValidSignIn(call.Request, form))
        {
            return await signIn.ExpiredAsync(call);
        }

        var (link, refusal) = await FindAsync(call, PageForms.Field(form, TokenField) ?? string.Empty);
        if (link is null)
        {
            return refusal!;
        }

        if (!await links.ConsumeAsync(link, call.CancellationToken))
        {
            return await UsedAsync(call);
        }

        var profile = await partners.GetProfileAsync(link.PartnerId, call.CancellationToken);
        await sessions.SignInAsync(call.Request.HttpContext, WebSessionKind.Partner, null, link.PartnerId, SignInHandlers.LanguageOf(profile), "sign-in-link");
        return new PageRedirect(SignInHandlers.PartnerHome(link.PartnerId));
    }

    private async Task<(SignInLink? Link, IResult? Refusal)> FindAsync(RouteCall call, string token)
    {
        var id = call.Value("linkId");
        var link = id.Length is > 0 and <= 64 && token.Length is > 0 and <= 128 ? await links.GetAsync(id, call.CancellationToken) : null;
        var expected = Encoding.ASCII.GetBytes(link?.TokenHash ?? PageSessions.Hash("no such link"));
        var presented = Encoding.ASCII.GetBytes(PageSessions.Hash(token));
        if (link is null || !CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return (null, await UsedAsync(call));
        }

        if (time.GetUtcNow() > link.ExpiresAt)
        {
            return (null, await pages.MessageAsync(StatusCodes.Status410Gone, call.Page, "Link expired", "This sign-in link has expired (they work for 15 minutes). Ask for a new one on the sign-in page."));
        }

        return (link, null);
    }

    private Task<IResult> UsedAsync(RouteCall call) =>
        pages.MessageAsync(StatusCodes.Status404NotFound, call.Page, "Link not valid", "This sign-in link is not valid or was already used. Ask for a new one on the sign-in page.");

    private static EmailMessage Message(Domain.Evidence.Partner partner, string url, string linkId)
    {
        var french = string.Equals(partner.Language, "fr", StringComparison.OrdinalIgnoreCase);
        var minutes = Lifetime.TotalMinutes.ToString(CultureInfo.InvariantCulture);
        var subject = french ? "Votre lien de connexion au programme partenaires" : "Your partner program sign-in link";
        var intro = french
            ? $"Bonjour {partner.Name}, voici votre lien de connexion. Il fonctionne une seule fois, pendant {minutes} minutes."
            : $"Hello {partner.Name}, here is your sign-in link. It works once, for {minutes} minutes.";
        var action = french ? "Se connecter" : "Sign in";
        var ignore = french
            ? "Si vous n'avez rien demandé, ignorez ce message : personne ne sera connecté."
            : "If you did not ask for it, ignore this message: no one will be signed in.";
        var html = HtmlEncoder.Default;
        var htmlBody = $"<p>{html.Encode(intro)}</p><p><a href=\"{html.Encode(url)}\">{html.Encode(action)}</a></p><p>{html.Encode(ignore)}</p>";
        var textBody = $"{intro}\n\n{action}: {url}\n\n{ignore}\n";
        return new EmailMessage(new EmailAddress(partner.Email, partner.Name), subject, htmlBody, textBody, "sign-in-link~" + linkId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link asked for partner {PartnerId} with an address that is not its contact: none sent")]
    private static partial void LogNoMatch(ILogger logger, string partnerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link for partner {PartnerId} sent: {Status}")]
    private static partial void LogSent(ILogger logger, string partnerId, EmailSendStatus status);
}
