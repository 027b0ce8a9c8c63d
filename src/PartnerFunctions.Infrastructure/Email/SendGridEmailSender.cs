using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGridAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace PartnerFunctions.Infrastructure.Email;

/// <summary>
/// Sends emails with SendGrid's v3 mail/send API through the official client. 429 and 5xx answers (and network
/// errors) are retried up to <see cref="SendGridOptions.MaxRetries"/> times, waiting until <c>X-RateLimit-Reset</c>
/// (epoch seconds) or <c>Retry-After</c> when given, else with exponential backoff; still failing, or asked to wait
/// longer than <see cref="SendGridOptions.MaxRetryDelay"/>, the result is Transient with that delay. Any other 4xx is
/// Permanent. Each recipient's idempotency key is sent as the custom arg <see cref="IdempotencyKeyArg"/> (it comes
/// back in SendGrid's event webhook and activity feed), and the call's id as <see cref="SendCallArg"/>.
/// <para>
/// As <see cref="IEmailDeliveryLookup"/> it asks SendGrid's Email Activity API (<c>GET /v3/messages</c>, query
/// <c>unique_args['pf_send_call']="id"</c>) whether a call went out. That API needs the Email Activity add-on on the
/// account and the key (else 401/403: Unavailable), is rate limited to 6 requests a minute (429: TryLater with the
/// wait it gives), and lists a message once SendGrid has processed it (seconds, sometimes a minute or two); it is only
/// asked after a send lease (4 minutes) has run out.
/// </para>
/// </summary>
public sealed partial class SendGridEmailSender : IEmailSender, IBatchEmailSender, IEmailDeliveryLookup, IDisposable
{
    /// <summary>Custom arg carrying the outbox key of the notification.</summary>
    public const string IdempotencyKeyArg = "pf_idempotency_key";

    /// <summary>Custom arg carrying the id of the provider call (<see cref="EmailMessage.SendCallId"/>).</summary>
    public const string SendCallArg = "pf_send_call";

    /// <summary>SendGrid's limit of personalizations (recipients here) per request.</summary>
    public const int MaxPersonalizations = 1000;

    /// <summary>SendGrid's limit of substitution bytes per personalization.</summary>
    public const int MaxSubstitutionBytes = 10_000;

    private const int MaxErrorLength = 1000;

    private readonly SendGridOptions _options;
    private readonly HttpClient _http;
    private readonly SendGridClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<SendGridEmailSender> _logger;

    public SendGridEmailSender(IOptions<SendGridOptions> options, TimeProvider time, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));

        // Our own HttpClient: no retry handler of the SendGrid client (we retry, honouring the rate-limit headers),
        // our timeout, and pooled connections renewed so DNS changes are seen.
#pragma warning disable CA2000 // The handler is owned and disposed by the HttpClient.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = _options.RequestTimeout,
        };
#pragma warning restore CA2000
        var clientOptions = new SendGridClientOptions { ApiKey = _options.ApiKey, HttpErrorAsException = false };
        if (!string.IsNullOrWhiteSpace(_options.BaseUrl))
        {
            clientOptions.Host = _options.BaseUrl.TrimEnd('/');
        }

        _client = new SendGridClient(_http, clientOptions);
    }

    public int MaxRecipientsPerCall => MaxPersonalizations;

    public int MaxSubstitutionBytesPerRecipient => MaxSubstitutionBytes;

    public async Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = NewMessage(message.HtmlBody, message.TextBody);
        mail.Personalizations = [Personalize(message.To, message.Subject, null, message.IdempotencyKey, message.SendCallId)];
        var (result, _) = await SendWithRetriesAsync(mail, 1, cancellationToken);
        return result;
    }

    public async Task<EmailBatchResult> SendBatchAsync(EmailBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return new EmailBatchResult(EmailSendResult.Accepted(null), SplitMayHelp: false);
        }

        if (batch.Recipients.Count > MaxPersonalizations)
        {
            throw new ArgumentException($"A SendGrid request carries at most {MaxPersonalizations} recipients; got {batch.Recipients.Count}.", nameof(batch));
        }

        var mail = NewMessage(batch.HtmlBody, batch.TextBody);
        mail.Personalizations = batch.Recipients.Select(r => Personalize(r.To, r.Subject, r.Substitutions, r.IdempotencyKey, batch.SendCallId)).ToList();
        var (result, status) = await SendWithRetriesAsync(mail, batch.Recipients.Count, cancellationToken);

        // 400 names a field of one personalization (e.g. an invalid address); 413 is the size of the whole request.
        return new EmailBatchResult(result, status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
    }

    public async Task<SendCallLookup> FindSendCallAsync(string sendCallId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sendCallId);
        if (SendGridActivityQuery.For(SendCallArg, sendCallId) is not { } query)
        {
            return new SendCallLookup(SendCallStatus.Unavailable, 0, "the send call id cannot be quoted in an Email Activity query", null);
        }

        var host = string.IsNullOrWhiteSpace(_options.BaseUrl) ? "https://api.sendgrid.com" : _options.BaseUrl.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{host}/v3/messages?limit=10&query={Uri.EscapeDataString(query)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, default, cancellationToken);
                var found = document.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array ? messages.GetArrayLength() : 0;
                return found > 0 ? SendCallLookup.Accepted(found) : SendCallLookup.NotFound();
            }

            var detail = await ReadErrorAsync(response, cancellationToken);
            var error = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}: {detail}");
            return code is 401 or 403 or 404
                ? new SendCallLookup(SendCallStatus.Unavailable, 0, error, null)
                : new SendCallLookup(SendCallStatus.TryLater, 0, error, ProviderDelay(response.Headers) ?? Backoff(0));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendCallLookup(SendCallStatus.TryLater, 0, ex.GetType().Name + ": " + ex.Message, Backoff(0));
        }
    }

    public void Dispose() => _http.Dispose();

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length > MaxErrorLength ? body[..MaxErrorLength] : body;
    }

    private SendGridMessage NewMessage(string html, string text)
    {
        var mail = new SendGridMessage
        {
            From = new SendGridAddress(_options.FromEmail, string.IsNullOrWhiteSpace(_options.FromName) ? null : _options.FromName),
            PlainTextContent = text,
            HtmlContent = html,
        };
        mail.SetSandBoxMode(_options.SandboxMode);
        return mail;
    }

    private static Personalization Personalize(Domain.Notifications.EmailAddress to, string subject, IReadOnlyDictionary<string, string>? substitutions, string idempotencyKey, string? sendCallId)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal) { [IdempotencyKeyArg] = idempotencyKey };
        if (!string.IsNullOrEmpty(sendCallId))
        {
            args[SendCallArg] = sendCallId;
        }

        return new Personalization
        {
            Tos = [new SendGridAddress(to.Email, string.IsNullOrWhiteSpace(to.Name) ? null : to.Name)],
            Subject = subject,
            Substitutions = substitutions is { Count: > 0 } ? new Dictionary<string, string>(substitutions, StringComparer.Ordinal) : null,
            CustomArgs = args,
        };
    }

    private async Task<(EmailSendResult Result, HttpStatusCode? Status)> SendWithRetriesAsync(SendGridMessage mail, int recipients, CancellationToken cancellationToken)
    {
        // A network error or a timeout may come after SendGrid took the request: the outcome is then unknown, and stays
        // so even if a later try is answered "not now".
        var outcomeUnknown = false;
        for (var attempt = 0; ; attempt++)
        {
            HttpStatusCode? status = null;
            string error;
            TimeSpan wait;
            try
            {
                var response = await _client.SendEmailAsync(mail, cancellationToken);
                status = response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var messageId = response.Headers is { } headers && headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
                    return (EmailSendResult.Accepted(messageId), status);
                }

                var code = (int)response.StatusCode;
                var body = await ReadBodyAsync(response, cancellationToken);
                error = string.Create(CultureInfo.InvariantCulture, $"HTTP {code}: {body}");
                if (code != 429 && code < 500)
                {
                    LogRefused(code, recipients, error);
                    return (new EmailSendResult(EmailSendStatus.Permanent, null, error, null), status);
                }

                wait = ProviderDelay(response.Headers) ?? Backoff(attempt);
            }
            catch (HttpRequestException ex)
            {
                error = "network: " + ex.Message;
                wait = Backoff(attempt);
                outcomeUnknown = true;
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = "timeout: " + ex.Message;
                wait = Backoff(attempt);
                outcomeUnknown = true;
            }

            if (attempt >= _options.MaxRetries || wait > _options.MaxRetryDelay)
            {
                LogGivingUp(attempt + 1, recipients, error, wait);
                return (new EmailSendResult(EmailSendStatus.Transient, null, error, wait) { OutcomeUnknown = outcomeUnknown }, status);
            }

            LogRetrying(attempt + 1, recipients, error, wait);
            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>The wait the provider asked for: until X-RateLimit-Reset (epoch seconds), or Retry-After.</summary>
    private TimeSpan? ProviderDelay(HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (headers.TryGetValues("X-RateLimit-Reset", out var resets)
            && long.TryParse(resets.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 16));
        return delay > _options.MaxRetryDelay ? _options.MaxRetryDelay : delay;
    }

    private static async Task<string> ReadBodyAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.Body is null)
        {
            return "(no body)";
        }

        var body = await response.Body.ReadAsStringAsync(cancellationToken);
        return body.Length > MaxErrorLength ? body[..MaxErrorLength] : body;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid call {Attempt} for {Recipients} recipients failed ({Error}); retrying in {Wait}")]
    private partial void LogRetrying(int attempt, int recipients, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid call {Attempt} for {Recipients} recipients failed ({Error}); reported as transient, retry after {Wait}")]
    private partial void LogGivingUp(int attempt, int recipients, string error, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid refused a request for {Recipients} recipients with {StatusCode}: {Error}")]
    private partial void LogRefused(int statusCode, int recipients, string error);
}
