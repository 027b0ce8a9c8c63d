using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using PartnerFunctions.Infrastructure.Email;

namespace PartnerFunctions.LocalHost.Mail;

/// <summary>An error as SendGrid's v3 API reports it.</summary>
public sealed record SendGridError(string Message, string? Field, string? Help = null);

/// <summary>
/// A SendGrid-compatible <c>POST /v3/mail/send</c>: checks the request the way SendGrid does for what our sender uses
/// (API key present, from, personalizations with recipients, a subject, content with text/plain first), answers 202
/// with an X-Message-Id, and keeps one <see cref="CapturedMail"/> per personalization with its substitutions applied
/// (stored per request: <see cref="CapturedMailStore"/>). Also answers the Email Activity lookup (<see cref="LookUpAsync"/>).
/// Sandbox mode is answered 200 and nothing is kept, as SendGrid delivers nothing then.
/// </summary>
public static partial class SendGridCapture
{
    /// <summary>Where the endpoint is mapped; the SendGrid client's host is this without "/v3/mail/send".</summary>
    public const string BasePath = "/_local/sendgrid";

    /// <summary>SendGrid's limit of personalizations per request.</summary>
    public const int MaxPersonalizations = 1000;

    private const int MaxBodyBytes = 30 * 1024 * 1024;

    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapSendGridCapture(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(BasePath + "/v3/mail/send", HandleAsync).ExcludeFromDescription();
        endpoints.MapGet(BasePath + "/v3/messages", LookUpAsync).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// SendGrid's Email Activity "filter all messages" (<c>GET /v3/messages?query=...&amp;limit=N</c>) for the query form
    /// the product asks (<see cref="SendGridActivityQuery"/>, on the send call or idempotency key custom arg), answered
    /// from the captured messages, so a host restarted after a crash finds what the killed one had sent.
    /// </summary>
    internal static async Task<IResult> LookUpAsync(HttpRequest request, CapturedMailStore store, CancellationToken cancellationToken)
    {
        if (!HasApiKey(request))
        {
            return Errors(StatusCodes.Status401Unauthorized, new SendGridError("authorization required", null));
        }

        var limit = 10;
        if (request.Query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            return Errors(StatusCodes.Status400BadRequest, new SendGridError("limit must be between 1 and 1000", "limit"));
        }

        if (!SendGridActivityQuery.TryParse(request.Query["query"], out var arg, out var value)
            || arg is not (SendGridEmailSender.SendCallArg or SendGridEmailSender.IdempotencyKeyArg))
        {
            return Errors(StatusCodes.Status400BadRequest, new SendGridError("invalid query (this endpoint answers unique_args['pf_send_call'] or ['pf_idempotency_key'] = \"value\")", "query"));
        }

        var messages = (await store.ListAsync(cancellationToken))
            .Where(m => (arg == SendGridEmailSender.SendCallArg ? m.SendCallId : m.IdempotencyKey) == value)
            .Take(limit)
            .Select(m => new ActivityMessage(m.From, m.Id, m.Subject, m.To, "delivered", 0, 0, m.CapturedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))
            .ToArray();
        return Results.Json(new { messages }, ErrorJson);
    }

    private static bool HasApiKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && authorization.Length > "Bearer ".Length;
    }

    internal static async Task<IResult> HandleAsync(HttpRequest request, CapturedMailStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!HasApiKey(request))
        {
            return Errors(StatusCodes.Status401Unauthorized, new SendGridError("authorization required", null));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return Errors(StatusCodes.Status413PayloadTooLarge, new SendGridError("Request body is too large (30 MB at most).", null));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return Errors(StatusCodes.Status400BadRequest, new SendGridError("Bad Request", null));
        }

        using (document)
        {
            var messageId = Guid.NewGuid().ToString("N");
            var (mails, errors, sandbox) = Parse(document.RootElement, clock.GetUtcNow(), messageId);
            if (errors.Count > 0)
            {
                return Errors(StatusCodes.Status400BadRequest, [.. errors]);
            }

            if (sandbox)
            {
                return Results.Ok();
            }

            if (mails.Count > 0)
            {
                await store.SaveRequestAsync(CapturedMailStore.RequestIdOf(mails[0].Id), mails, cancellationToken);
            }

            return new AcceptedWithMessageId(messageId);
        }
    }

    /// <summary>
    /// Checks a mail/send body and builds one message per personalization (errors name the field at fault, as
    /// SendGrid's do). Sandbox: the request is valid and asks for nothing to be delivered.
    /// </summary>
    public static (IReadOnlyList<CapturedMail> Mails, IReadOnlyList<SendGridError> Errors, bool Sandbox) Parse(JsonElement root, DateTimeOffset now, string messageId)
    {
        var errors = new List<SendGridError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ([], [new SendGridError("Bad Request", null)], false);
        }

        var from = Address(root, "from", errors, "from");
        var topSubject = String(root, "subject");
        var (text, html) = Contents(root, errors);
        var topArgs = StringMap(root, "custom_args");

        var personalizations = new List<(string To, string? Subject, IReadOnlyDictionary<string, string> Substitutions, IReadOnlyDictionary<string, string> Args)>();
        if (!root.TryGetProperty("personalizations", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            errors.Add(new SendGridError("The personalizations field is required and must have at least one personalization.", "personalizations"));
        }
        else if (list.GetArrayLength() > MaxPersonalizations)
        {
            errors.Add(new SendGridError("The personalizations field must have 1000 or fewer personalizations.", "personalizations"));
        }
        else
        {
            var index = 0;
            foreach (var personalization in list.EnumerateArray())
            {
                var field = FormattableString.Invariant($"personalizations.{index}");
                if (personalization.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(new SendGridError("Each personalization must be an object.", field));
                }
                else
                {
                    var to = Recipients(personalization, field, errors);
                    var subject = String(personalization, "subject") ?? topSubject;
                    if (string.IsNullOrWhiteSpace(subject))
                    {
                        errors.Add(new SendGridError("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"));
                    }

                    var args = new Dictionary<string, string>(topArgs, StringComparer.Ordinal);
                    foreach (var (key, value) in StringMap(personalization, "custom_args"))
                    {
                        args[key] = value;
                    }

                    personalizations.Add((to, subject, StringMap(personalization, "substitutions"), args));
                }

                index++;
            }
        }

        if (errors.Count > 0)
        {
            return ([], errors, false);
        }

        var sandbox = root.TryGetProperty("mail_settings", out var settings) && settings.ValueKind == JsonValueKind.Object
            && settings.TryGetProperty("sandbox_mode", out var mode) && mode.ValueKind == JsonValueKind.Object
            && mode.TryGetProperty("enable", out var enable) && enable.ValueKind == JsonValueKind.True;
        var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmssfffffff", CultureInfo.InvariantCulture);
        var mails = personalizations.Select((p, i) =>
        {
            var subject = Substitute(p.Subject!, p.Substitutions);
            var mailHtml = html is null ? null : Substitute(html, p.Substitutions);
            var mailText = text is null ? null : Substitute(text, p.Substitutions);
            var id = FormattableString.Invariant($"{stamp}-{messageId}-{i:D4}");
            return new CapturedMail(id, now, from!, p.To, subject, mailHtml, mailText, p.Args, Links(mailHtml, mailText));
        }).ToArray();
        return (mails, [], sandbox);
    }

    /// <summary>http(s) links of the HTML (href attributes, decoded) and of the text part, in order, each once.</summary>
    public static IReadOnlyList<string> Links(string? html, string? text)
    {
        var links = new List<string>();
        if (html is not null)
        {
            links.AddRange(HrefPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)));
        }

        if (text is not null)
        {
            links.AddRange(TextUrlPattern().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ')', ';')));
        }

        return links.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string Substitute(string value, IReadOnlyDictionary<string, string> substitutions)
    {
        foreach (var (key, replacement) in substitutions)
        {
            value = value.Replace(key, replacement, StringComparison.Ordinal);
        }

        return value;
    }

    private static (string? Text, string? Html) Contents(JsonElement root, List<SendGridError> errors)
    {
        var hasTemplate = String(root, "template_id") is { Length: > 0 };
        if (!root.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
        {
            if (!hasTemplate)
            {
                errors.Add(new SendGridError("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.", "content"));
            }

            return (null, null);
        }

        string? text = null;
        string? html = null;
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var field = FormattableString.Invariant($"content.{index}");
            var type = block.ValueKind == JsonValueKind.Object ? String(block, "type") : null;
            var value = block.ValueKind == JsonValueKind.Object ? String(block, "value") : null;
            if (string.IsNullOrEmpty(type))
            {
                errors.Add(new SendGridError("The content type is required.", field + ".type"));
            }
            else if (string.IsNullOrEmpty(value))
            {
                errors.Add(new SendGridError("The content value must be a string at least one character in length.", field + ".value"));
            }
            else if (string.Equals(type, "text/plain", StringComparison.OrdinalIgnoreCase))
            {
                if (index != 0)
                {
                    errors.Add(new SendGridError("If present, text/plain content must be first, followed by any other content.", field + ".type"));
                }

                text = value;
            }
            else if (string.Equals(type, "text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = value;
            }

            index++;
        }

        return (text, html);
    }

    private static string Recipients(JsonElement personalization, string field, List<SendGridError> errors)
    {
        if (!personalization.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0)
        {
            errors.Add(new SendGridError("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", field + ".to"));
            return string.Empty;
        }

        var addresses = new List<string>();
        var index = 0;
        foreach (var recipient in to.EnumerateArray())
        {
            var email = recipient.ValueKind == JsonValueKind.Object ? String(recipient, "email") : null;
            if (!IsEmail(email))
            {
                errors.Add(new SendGridError("Does not contain a valid address.", FormattableString.Invariant($"{field}.to.{index}.email")));
            }
            else
            {
                addresses.Add(email!);
            }

            index++;
        }

        return string.Join(", ", addresses);
    }

    private static string? Address(JsonElement root, string property, List<SendGridError> errors, string field)
    {
        if (!root.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SendGridError("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.", field));
            return null;
        }

        var email = String(value, "email");
        if (!IsEmail(email))
        {
            errors.Add(new SendGridError("The from email does not contain a valid address.", field + ".email"));
            return null;
        }

        var name = String(value, "name");
        return string.IsNullOrWhiteSpace(name) ? email : $"{name} <{email}>";
    }

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value.Trim();

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> StringMap(JsonElement element, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var item in value.EnumerateObject())
            {
                if (item.Value.ValueKind == JsonValueKind.String)
                {
                    map[item.Name] = item.Value.GetString()!;
                }
            }
        }

        return map;
    }

    private static IResult Errors(int status, params SendGridError[] errors) =>
        Results.Json(new { errors }, ErrorJson, statusCode: status);

    [GeneratedRegex("""href\s*=\s*["'](?<url>https?://[^"']+)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex HrefPattern();

    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase)]
    private static partial Regex TextUrlPattern();

    /// <summary>A message as SendGrid's Email Activity API lists it.</summary>
    private sealed record ActivityMessage(
        [property: JsonPropertyName("from_email")] string FromEmail,
        [property: JsonPropertyName("msg_id")] string MsgId,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("to_email")] string ToEmail,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("opens_count")] int OpensCount,
        [property: JsonPropertyName("clicks_count")] int ClicksCount,
        [property: JsonPropertyName("last_event_time")] string LastEventTime);

    /// <summary>202 with an empty body and the message id header, as SendGrid answers.</summary>
    private sealed class AcceptedWithMessageId(string messageId) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status202Accepted;
            httpContext.Response.Headers["X-Message-Id"] = messageId;
            return Task.CompletedTask;
        }
    }
}
