using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>
/// The captured mail as pages a person can read (GET /_local/mail, /_local/mail/{id}) and as JSON for tests
/// (GET /_local/mail.json, /_local/mail/{id}.json). Local tools, not product routes: hence not under /api.
/// </summary>
public static class MailPages
{
    public const string ListPath = "/_local/mail";
    public const string JsonListPath = "/_local/mail.json";

    /// <summary>
    /// The pages' headers: no scripts, plugins or framing of the page; no Referer (the links carry tokens). No
    /// default-src: the message's own HTML, shown in a srcdoc frame, inherits this policy and keeps its styles and images.
    /// </summary>
    public const string ContentSecurityPolicy = "script-src 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    /// <summary>The internal custom args (routing ids) start with this; the message page folds them away.</summary>
    public const string InternalArgPrefix = "pf_";

    // Relaxed escaping: French subjects stay readable (local tool output, never embedded in HTML).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapMailPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(JsonListPath, ListJsonAsync).ExcludeFromDescription();
        endpoints.MapGet(ListPath, ListHtmlAsync).ExcludeFromDescription();
        endpoints.MapGet(ListPath + "/{id}", MessageAsync).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Every message (oldest first); ?to= keeps one recipient's, ?subject= those whose subject contains it.</summary>
    internal static async Task<IResult> ListJsonAsync(CapturedMailStore store, string? to, string? subject, CancellationToken cancellationToken)
    {
        var mails = Filter(await store.ListAsync(cancellationToken), to, subject);
        return Results.Json(mails, Json);
    }

    /// <summary>
    /// The list, newest first, <see cref="MailListing.PageSize"/> a page: ?q= searches recipient, subject and text
    /// (accents and case ignored), ?page= (1-based) pages; ?to= and ?subject= filter as on the JSON list. A page that is
    /// not a whole number of at least 1 is a 400 problem naming "page"; one past the end says so and links the last.
    /// </summary>
    internal static async Task<IResult> ListHtmlAsync(CapturedMailStore store, string? q, string? page, string? to, string? subject, CancellationToken cancellationToken)
    {
        var number = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return ApiProblems.Validation(new FieldError("page", "must be a whole number of at least 1."));
        }

        if (q?.Length > MailSearchText.MaxQueryLength)
        {
            return ApiProblems.Validation(new FieldError("q", $"must be at most {MailSearchText.MaxQueryLength} characters."));
        }

        var listed = MailListing.Page(await store.ListSearchableAsync(cancellationToken), q, number, to, subject);
        var html = new StringBuilder();
        Open(html, "Captured mail");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Captured mail</h1><p>Messages sent through the local SendGrid endpoint, newest first. <a href=\"{JsonListPath}\">All as JSON</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"{ListPath}\" role=\"search\"><label for=\"q\">Search recipient, subject and text</label> <input type=\"search\" id=\"q\" name=\"q\" maxlength=\"{MailSearchText.MaxQueryLength}\" value=\"{E(q ?? string.Empty)}\">");
        foreach (var (name, value) in new[] { ("to", to), ("subject", subject) }.Where(f => !string.IsNullOrEmpty(f.Item2)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{name}\" value=\"{E(value!)}\">");
        }

        html.Append(" <button type=\"submit\">Search</button></form>");
        var matching = string.IsNullOrWhiteSpace(q) ? string.Empty : $" matching \u201c{q.Trim()}\u201d";
        var messages = listed.Total == 1 ? "1 message" : listed.Total.ToString(CultureInfo.InvariantCulture) + " messages";
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"position\">Page {listed.Page} of {listed.PageCount}, {E(messages + matching)}.</p>");
        if (listed.Total == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{(matching.Length == 0 ? "No messages captured yet." : E($"No message{matching}."))}</p>");
        }
        else if (listed.IsPastTheEnd)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>There is no page {listed.Page}: the last is <a href=\"{E(PageUrl(listed.PageCount, q, to, subject))}\">page {listed.PageCount}</a>.</p>");
        }
        else
        {
            html.Append("<table><caption>Captured messages, newest first</caption><thead><tr><th scope=\"col\">Time (UTC)</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>");
            foreach (var mail in listed.Items)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(Utc(mail.CapturedAt))}</td><td>{E(mail.To)}</td><td><a href=\"{ListPath}/{E(mail.Id)}\">{E(mail.Subject)}</a></td></tr>");
            }

            html.Append("</tbody></table>");
        }

        if (listed.PageCount > 1 || listed.IsPastTheEnd)
        {
            html.Append("<nav aria-label=\"Pages\"><ul class=\"pages\">");
            if (listed.Page > 1)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a rel=\"prev\" href=\"{E(PageUrl(Math.Min(listed.Page - 1, listed.PageCount), q, to, subject))}\">Previous</a></li>");
            }

            if (listed.Page < listed.PageCount)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a rel=\"next\" href=\"{E(PageUrl(listed.Page + 1, q, to, subject))}\">Next</a></li>");
            }

            html.Append("</ul></nav>");
        }

        Close(html);
        return new MailPageResult(html.ToString());
    }

    /// <summary>One message: the HTML part rendered (links clickable), then the text part; ".json" for the raw message.</summary>
    internal static async Task<IResult> MessageAsync(string id, CapturedMailStore store, CancellationToken cancellationToken)
    {
        var asJson = id.EndsWith(".json", StringComparison.Ordinal);
        var mail = await store.GetAsync(asJson ? id[..^5] : id, cancellationToken);
        if (mail is null)
        {
            return Results.NotFound();
        }

        if (asJson)
        {
            return Results.Json(mail, Json);
        }

        var html = new StringBuilder();
        Open(html, mail.Subject);
        html.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{ListPath}\">&larr; All mail</a></p><h1>{E(mail.Subject)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<dl><dt>From</dt><dd>{E(mail.From)}</dd><dt>To</dt><dd>{E(mail.To)}</dd><dt>Time (UTC)</dt><dd>{E(Utc(mail.CapturedAt))}</dd>");
        var internalArgs = mail.CustomArgs.Where(a => a.Key.StartsWith(InternalArgPrefix, StringComparison.Ordinal)).ToArray();
        AppendArgs(html, mail.CustomArgs.Where(a => !a.Key.StartsWith(InternalArgPrefix, StringComparison.Ordinal)));
        html.Append("</dl>");
        if (internalArgs.Length > 0)
        {
            // Routing ids of the outbox and the send call: needed when tracing a send, noise when reading the message.
            html.Append("<details><summary>Internal headers</summary><dl>");
            AppendArgs(html, internalArgs);
            html.Append("</dl></details>");
        }

        if (mail.Html is not null)
        {
            // The message's own HTML in a sandboxed frame (no scripts); links open in the top window.
            var document = WithBaseTarget(mail.Html);
            html.Append(CultureInfo.InvariantCulture, $"<h2>HTML part</h2><iframe title=\"HTML part\" sandbox=\"allow-top-navigation-by-user-activation allow-popups\" srcdoc=\"{WebUtility.HtmlEncode(document)}\"></iframe>");
        }

        if (mail.Text is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Text part</h2><pre>{Linked(mail.Text)}</pre>");
        }

        if (mail.Links.Count > 0)
        {
            html.Append("<h2>Links</h2><ul>");
            foreach (var link in mail.Links)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{E(link)}\">{E(link)}</a></li>");
            }

            html.Append("</ul>");
        }

        Close(html);
        return new MailPageResult(html.ToString());
    }

    // <base target="_top"> inside the message's <head> (before it would drop the document into quirks mode).
    private static string WithBaseTarget(string html)
    {
        const string Base = "<base target=\"_top\">";
        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? Base + html : html.Insert(head + "<head>".Length, Base);
    }

    private static CapturedMailSummary[] Filter(IReadOnlyList<CapturedMailSummary> mails, string? to, string? subject) =>
        mails.Where(m => string.IsNullOrEmpty(to) || m.To.Split(", ").Contains(to, StringComparer.OrdinalIgnoreCase))
            .Where(m => string.IsNullOrEmpty(subject) || m.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase))
            .ToArray();

    // The text part, escaped, with its links made clickable.
    private static string Linked(string text)
    {
        var escaped = E(text);
        foreach (var link in SendGridCapture.Links(null, text))
        {
            var encoded = E(link);
            escaped = escaped.Replace(encoded, $"<a href=\"{encoded}\">{encoded}</a>", StringComparison.Ordinal);
        }

        return escaped;
    }

    private static void AppendArgs(StringBuilder html, IEnumerable<KeyValuePair<string, string>> args)
    {
        foreach (var (key, value) in args)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(key)}</dt><dd>{E(value)}</dd>");
        }
    }

    // The list's address for another page, keeping the search and the filters.
    private static string PageUrl(int page, string? q, string? to, string? subject)
    {
        var query = new StringBuilder(ListPath).Append("?page=").Append(page.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in new[] { ("q", q), ("to", to), ("subject", subject) }.Where(f => !string.IsNullOrEmpty(f.Item2)))
        {
            query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
        }

        return query.ToString();
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string E(string value) => HtmlEncoder.Default.Encode(value);

    private static void Open(StringBuilder html, string title) =>
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} - local mail</title><style>body{{font-family:sans-serif;margin:2em;max-width:60em}}caption{{text-align:left;font-weight:bold;padding:.4em 0}}.pages{{list-style:none;padding:0;display:flex;gap:1.5em}}details{{margin:1em 0}}summary{{cursor:pointer}}input[type=search]{{width:20em;max-width:100%}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4em;text-align:left}}iframe{{width:100%;height:40em;border:1px solid #ccc}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:1em}}dt{{font-weight:bold}}</style></head><body><main>");

    private static void Close(StringBuilder html) => html.Append("</main></body></html>");

    /// <summary>200 HTML with the pages' security headers.</summary>
    private sealed class MailPageResult(string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(html, "text/html; charset=utf-8").ExecuteAsync(httpContext);
        }
    }
}
