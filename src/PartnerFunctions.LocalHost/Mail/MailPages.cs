using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>
/// The captured mail as pages a person can read (GET /_local/mail, /_local/mail/{id}) and as JSON for tests
/// (GET /_local/mail.json, /_local/mail/{id}.json). Local tools, not product routes: hence not under /api.
/// </summary>
public static class MailPages
{
    public const string ListPath = "/_local/mail";
    public const string JsonListPath = "/_local/mail.json";

    // A nightly over the demo data sends hundreds of messages: the page shows the newest.
    private const int MaxRows = 500;

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

    internal static async Task<IResult> ListHtmlAsync(CapturedMailStore store, string? to, string? subject, CancellationToken cancellationToken)
    {
        var mails = Filter(await store.ListAsync(cancellationToken), to, subject);
        var html = new StringBuilder();
        Open(html, "Captured mail");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Captured mail</h1><p>{mails.Length} messages sent through the local SendGrid endpoint; the newest {Math.Min(mails.Length, MaxRows)} below, newest first (filter with ?to= or ?subject=). <a href=\"{JsonListPath}\">JSON</a></p>");
        html.Append("<table><thead><tr><th scope=\"col\">Time (UTC)</th><th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead><tbody>");
        foreach (var mail in Enumerable.Reverse(mails).Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(mail.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}</td><td>{E(mail.To)}</td><td><a href=\"{ListPath}/{E(mail.Id)}\">{E(mail.Subject)}</a></td></tr>");
        }

        html.Append("</tbody></table>");
        Close(html);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
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
        html.Append(CultureInfo.InvariantCulture, $"<dl><dt>From</dt><dd>{E(mail.From)}</dd><dt>To</dt><dd>{E(mail.To)}</dd><dt>Time (UTC)</dt><dd>{E(mail.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))}</dd>");
        foreach (var (key, value) in mail.CustomArgs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(key)}</dt><dd>{E(value)}</dd>");
        }

        html.Append("</dl>");
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
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
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

    private static string E(string value) => HtmlEncoder.Default.Encode(value);

    private static void Open(StringBuilder html, string title) =>
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} - local mail</title><style>body{{font-family:sans-serif;margin:2em;max-width:60em}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4em;text-align:left}}iframe{{width:100%;height:40em;border:1px solid #ccc}}pre{{white-space:pre-wrap;background:#f6f6f6;padding:1em}}dt{{font-weight:bold}}</style></head><body>");

    private static void Close(StringBuilder html) => html.Append("</body></html>");
}
