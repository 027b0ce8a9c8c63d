using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
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
/// back in SendGrid's event webhook and activity feed).
/// </summary>
public sealed partial class SendGridEmailSender : IEmailSender, IBatchEmailSender, IDisposable
{
    /// <summary>Custom arg carrying the outbox key of the notification.</summary>
    public const string IdempotencyKeyArg = "pf_idempotency_key";

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
        mail.Personalizations = [Personalize(message.To, message.Subject, null, message.IdempotencyKey)];
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
        mail.Personalizations = batch.Recipients.Select(r => Personalize(r.To, r.Subject, r.Substitutions, r.IdempotencyKey)).ToList();
        var (result, status) = await SendWithRetriesAsync(mail, batch.Recipients.Count, cancellationToken);

        // 400 names a field of one personalization (e.g. an invalid address); 413 is the size of the whole request.
        return new EmailBatchResult(result, status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge);
    }

    public void Dispose() => _http.Dispose();

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

    private static Personalization Personalize(Domain.Notifications.EmailAddress to, string subject, IReadOnlyDictionary<string, string>? substitutions, string idempotencyKey) => new()
    {
        Tos = [new SendGridAddress(to.Email, string.IsNullOrWhiteSpace(to.Name) ? null : to.Name)],
        Subject = subject,
        Substitutions = substitutions is { Count: > 0 } ? new Dictionary<string, string>(substitutions, StringComparer.Ordinal) : null,
        CustomArgs = new Dictionary<string, string>(StringComparer.Ordinal) { [IdempotencyKeyArg] = idempotencyKey },
    };

    private async Task<(EmailSendResult Result, HttpStatusCode? Status)> SendWithRetriesAsync(SendGridMessage mail, int recipients, CancellationToken cancellationToken)
    {
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
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                error = "timeout: " + ex.Message;
                wait = Backoff(attempt);
            }

            if (attempt >= _options.MaxRetries || wait > _options.MaxRetryDelay)
            {
                LogGivingUp(attempt + 1, recipients, error, wait);
                return (new EmailSendResult(EmailSendStatus.Transient, null, error, wait), status);
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
