using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PartnerFunctions.Infrastructure.Email;

/// <summary>
/// SendGrid settings (section "SendGrid": SendGrid__ApiKey, SendGrid__FromEmail, ...), validated at start-up. Locally,
/// <see cref="BaseUrl"/> points the same client at a SendGrid-compatible capture endpoint.
/// </summary>
public sealed class SendGridOptions
{
    public const string SectionName = "SendGrid";

    /// <summary>The API key (a secret: from settings or Key Vault only). Any non-empty value for a local capture endpoint.</summary>
    [Required(ErrorMessage = "SendGrid: ApiKey is required.")]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Sender address (a verified sender of the SendGrid account).</summary>
    [Required(ErrorMessage = "SendGrid: FromEmail is required.")]
    [EmailAddress(ErrorMessage = "SendGrid: FromEmail must be an email address.")]
    public string FromEmail { get; set; } = string.Empty;

    /// <summary>Sender display name.</summary>
    public string? FromName { get; set; }

    /// <summary>API base URL; empty for SendGrid's (https://api.sendgrid.com). The client posts to {BaseUrl}/v3/mail/send.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Retries of a 429/5xx/network failure within one send, before it is reported as transient.</summary>
    [Range(0, 10, ErrorMessage = "SendGrid: MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff when the provider gives no reset time (doubled at each retry).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ErrorMessage = "SendGrid: RetryBaseDelay must be between 1 ms and 1 minute.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest wait within one send. When the provider asks for longer (X-RateLimit-Reset / Retry-After), the send
    /// returns at once as transient with that delay, so the workflow waits on a durable timer instead of a worker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:02:00", ErrorMessage = "SendGrid: MaxRetryDelay must be between 1 ms and 2 minutes.")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of one API call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00", ErrorMessage = "SendGrid: RequestTimeout must be between 1 second and 2 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>SendGrid sandbox mode (validates without delivering). Off: our emails are meant to be delivered.</summary>
    public bool SandboxMode { get; set; }
}

/// <summary>Checks what data annotations cannot: the base URL and the key's shape.</summary>
internal sealed class SendGridOptionsValidator : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add("SendGrid: BaseUrl must be an absolute http(s) URL, or empty for SendGrid's API.");
        }

        // App Service passes a Key Vault reference it could not resolve (missing secret, no access) as its own text:
        // starting with it would fail every email with 401, so refuse to start and say which setting.
        if (KeyVaultReference.IsUnresolved(options.ApiKey))
        {
            failures.Add("SendGrid: ApiKey (SendGrid__ApiKey) is an unresolved Key Vault reference: App Service could not read the secret. Set the secret SendGridApiKey in the vault (README, Deploy to Azure) and check the app's identity has Key Vault Secrets User, then restart the app.");
        }
        // The client sends "Authorization: Bearer {key}" and splits on whitespace.
        else if (options.ApiKey.Any(char.IsWhiteSpace))
        {
            failures.Add("SendGrid: ApiKey must not contain whitespace.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>The text of an App Service Key Vault reference (<c>@Microsoft.KeyVault(...)</c>).</summary>
public static class KeyVaultReference
{
    private const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>
    /// True when <paramref name="value"/> is still a Key Vault reference: App Service replaces a reference it resolves
    /// with the secret, and passes the reference text itself when it cannot.
    /// </summary>
    public static bool IsUnresolved(string? value) =>
        value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
