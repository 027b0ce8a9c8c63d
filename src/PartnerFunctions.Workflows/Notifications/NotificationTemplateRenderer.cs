using System.Collections.Frozen;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Notifications;

/// <summary>An email rendered from a template, in the language actually used.</summary>
public sealed record RenderedEmail(string Template, string Language, string Subject, string HtmlBody, string TextBody);

/// <summary>The bodies of a template with every placeholder replaced by a tag the email provider substitutes per recipient.</summary>
public sealed record TemplateSkeleton(string Template, string Language, string HtmlBody, string TextBody, IReadOnlyList<string> Fields);

/// <summary>A template is missing or malformed, or a value it needs is missing or not allowed. A caller's bug: never retried.</summary>
public sealed class NotificationTemplateException : Exception
{
    public NotificationTemplateException()
        : base("The notification template could not be rendered.")
    {
    }

    public NotificationTemplateException(string message)
        : base(message)
    {
    }

    public NotificationTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Renders the templates embedded from Notifications/Templates (<c>{template}.{lang}.html</c> and <c>.txt</c>, the
/// .txt starting with a <c>Subject: ...</c> line). Placeholders are <c>{{name}}</c>; a missing value fails loudly.
/// Values are HTML-encoded in the HTML body (line breaks become &lt;br&gt;), kept as they are in the text body, and put
/// on one line in the subject. Fields named "...Url" must be links under <see cref="WorkflowOptions.PublicBaseUrl"/>,
/// so an email can only link to our own API whatever a caller passes. Unknown languages fall back to English.
/// </summary>
public sealed class NotificationTemplateRenderer
{
    /// <summary>The language used when a partner's is unknown or has no templates.</summary>
    public const string DefaultLanguage = "en";

    private const string ResourcePrefix = "PartnerFunctions.Workflows.Notifications.Templates.";
    private const string SubjectPrefix = "Subject:";

    private readonly FrozenDictionary<(string Template, string Language), ParsedTemplate> _templates;
    private readonly Uri _publicBase;

    public NotificationTemplateRenderer(IOptions<WorkflowOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = options.Value.PublicBaseUrl;
        if (!Uri.TryCreate(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", UriKind.Absolute, out var publicBase))
        {
            throw new NotificationTemplateException($"Workflows:PublicBaseUrl '{baseUrl}' is not an absolute URL.");
        }

        _publicBase = publicBase;

        // Every template in every language is parsed once, at construction: a missing or malformed file fails the
        // host at start-up rather than a workflow later.
        var templates = new Dictionary<(string, string), ParsedTemplate>();
        foreach (var template in NotificationTemplateCatalog.Fields.Keys)
        {
            foreach (var language in Languages)
            {
                templates[(template, language)] = Load(template, language);
            }
        }

        _templates = templates.ToFrozenDictionary();
    }

    /// <summary>Languages with templates.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "fr"];

    /// <summary>"fr", "FR", "fr-CA" give "fr"; anything without templates gives English.</summary>
    public static string ResolveLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return DefaultLanguage;
        }

        var primary = language.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Languages.Contains(primary) ? primary : DefaultLanguage;
    }

    /// <summary>HTML-encodes a value for the HTML body (line breaks become &lt;br&gt;).</summary>
    public static string EncodeHtml(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var encoded = WebUtility.HtmlEncode(value);
        return encoded.Contains('\n', StringComparison.Ordinal) || encoded.Contains('\r', StringComparison.Ordinal)
            ? encoded.ReplaceLineEndings("<br>\n")
            : encoded;
    }

    /// <summary>Makes a value fit a subject line (no line breaks: an email header).</summary>
    public static string OneLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The placeholders of a template (subject, HTML and text) in one language.</summary>
    public IReadOnlySet<string> PlaceholdersOf(string template, string language) => Get(template, ResolveLanguage(language)).Fields;

    /// <summary>Renders a template in <paramref name="language"/> (or English) with <paramref name="values"/>.</summary>
    /// <exception cref="NotificationTemplateException">Unknown template, a missing value, or a link outside our base URL.</exception>
    public RenderedEmail Render(string template, string? language, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var resolved = ResolveLanguage(language);
        var parsed = Get(template, resolved);
        CheckValues(parsed, values);
        var subject = Apply(parsed.Subject, name => OneLine(values[name]));
        var html = Apply(parsed.Html, name => EncodeHtml(values[name]));
        var text = Apply(parsed.Text, name => values[name]);
        return new RenderedEmail(template, resolved, subject, html, text);
    }

    /// <summary>
    /// The bodies with each placeholder replaced by <paramref name="htmlTag"/>(name) / <paramref name="textTag"/>(name),
    /// for one provider call carrying many recipients' values. Values are checked per recipient with <see cref="Render"/>.
    /// </summary>
    public TemplateSkeleton RenderSkeleton(string template, string? language, Func<string, string> htmlTag, Func<string, string> textTag)
    {
        ArgumentNullException.ThrowIfNull(htmlTag);
        ArgumentNullException.ThrowIfNull(textTag);
        var resolved = ResolveLanguage(language);
        var parsed = Get(template, resolved);
        var fields = parsed.Html.Concat(parsed.Text).OfType<Placeholder>().Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new TemplateSkeleton(template, resolved, Apply(parsed.Html, htmlTag), Apply(parsed.Text, textTag), fields);
    }

    private ParsedTemplate Get(string template, string language)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        return _templates.TryGetValue((template, language), out var parsed)
            ? parsed
            : throw new NotificationTemplateException($"Unknown notification template '{template}' (known: {string.Join(", ", NotificationTemplateCatalog.Fields.Keys)}).");
    }

    private void CheckValues(ParsedTemplate parsed, IReadOnlyDictionary<string, string> values)
    {
        var missing = parsed.Fields.Where(name => !values.TryGetValue(name, out var value) || value is null).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new NotificationTemplateException(
                $"Template '{parsed.Template}.{parsed.Language}' needs a value for: {string.Join(", ", missing)}.");
        }

        foreach (var name in parsed.Fields.Where(IsLinkField))
        {
            var value = values[name];
            if (!Uri.TryCreate(value, UriKind.Absolute, out var link)
                || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp)
                || !string.IsNullOrEmpty(link.UserInfo)
                || !_publicBase.IsBaseOf(link))
            {
                // The value itself is not echoed: links may carry approval tokens that must stay out of logs.
                throw new NotificationTemplateException(
                    $"Template '{parsed.Template}': link field '{name}' must be an absolute URL under the configured Workflows:PublicBaseUrl.");
            }
        }
    }

    private static bool IsLinkField(string name) => name.EndsWith("Url", StringComparison.Ordinal);

    private static string Apply(IReadOnlyList<Segment> segments, Func<string, string> valueOf)
    {
        var builder = new StringBuilder();
        foreach (var segment in segments)
        {
            builder.Append(segment switch
            {
                Literal literal => literal.Text,
                Placeholder placeholder => valueOf(placeholder.Name),
                _ => throw new InvalidOperationException("Unknown template segment."),
            });
        }

        return builder.ToString();
    }

    private static ParsedTemplate Load(string template, string language)
    {
        var html = ReadResource($"{template}.{language}.html");
        var txt = ReadResource($"{template}.{language}.txt").ReplaceLineEndings("\n");
        var firstLineEnd = txt.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = firstLineEnd < 0 ? txt : txt[..firstLineEnd];
        if (!firstLine.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            throw new NotificationTemplateException($"Template '{template}.{language}.txt' must start with a '{SubjectPrefix} ...' line.");
        }

        var subject = firstLine[SubjectPrefix.Length..].Trim();
        var text = firstLineEnd < 0 ? string.Empty : txt[(firstLineEnd + 1)..].TrimStart('\n');
        var name = $"{template}.{language}";
        var parsedSubject = Parse(subject, name + " (subject)");
        var parsedHtml = Parse(html, name + ".html");
        var parsedText = Parse(text, name + ".txt");
        var fields = parsedSubject.Concat(parsedHtml).Concat(parsedText).OfType<Placeholder>().Select(p => p.Name).ToFrozenSet(StringComparer.Ordinal);
        return new ParsedTemplate(template, language, parsedSubject, parsedHtml, parsedText, fields);
    }

    private static string ReadResource(string fileName)
    {
        using var stream = typeof(NotificationTemplateRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new NotificationTemplateException($"Notification template file '{fileName}' is not embedded (Notifications/Templates).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static List<Segment> Parse(string text, string source)
    {
        var segments = new List<Segment>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(new Literal(text[position..]));
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var name = close < 0 ? string.Empty : text[(open + 2)..close];
            if (!IsFieldName(name))
            {
                throw new NotificationTemplateException($"Template '{source}' has a malformed placeholder at offset {open}.");
            }

            if (open > position)
            {
                segments.Add(new Literal(text[position..open]));
            }

            segments.Add(new Placeholder(name));
            position = close + 2;
        }

        return segments;
    }

    private static bool IsFieldName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    private abstract record Segment;

    private sealed record Literal(string Text) : Segment;

    private sealed record Placeholder(string Name) : Segment;

    private sealed record ParsedTemplate(
        string Template,
        string Language,
        IReadOnlyList<Segment> Subject,
        IReadOnlyList<Segment> Html,
        IReadOnlyList<Segment> Text,
        IReadOnlySet<string> Fields);
}
