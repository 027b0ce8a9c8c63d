using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>Reads the connection the way Azure Functions names it (AzureWebJobsStorage or AzureWebJobsStorage__*).</summary>
internal sealed class StorageOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<StorageOptions>
{
    public void PostConfigure(string? name, StorageOptions options)
    {
        var connection = configuration.GetSection(string.IsNullOrWhiteSpace(options.ConnectionName) ? StorageOptions.DefaultConnectionName : options.ConnectionName);
        options.ConnectionString ??= NullIfBlank(connection.Value);
        options.TableServiceUri ??= ParseUri(connection["tableServiceUri"]);
        options.BlobServiceUri ??= ParseUri(connection["blobServiceUri"]);
        options.QueueServiceUri ??= ParseUri(connection["queueServiceUri"]);
        if (NullIfBlank(connection["accountName"]) is { } account)
        {
            // The Functions host also accepts __accountName alone, meaning the public Azure endpoints of that account.
            options.TableServiceUri ??= new Uri($"https://{account}.table.core.windows.net");
            options.BlobServiceUri ??= new Uri($"https://{account}.blob.core.windows.net");
            options.QueueServiceUri ??= new Uri($"https://{account}.queue.core.windows.net");
        }

        options.Credential ??= NullIfBlank(connection["credential"]);
        options.ClientId ??= NullIfBlank(connection["clientId"]);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // An unparsable URI is kept as a relative one so that validation reports it instead of ignoring it.
    private static Uri? ParseUri(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) ? uri
        : new Uri(value.Trim(), UriKind.RelativeOrAbsolute);
}

/// <summary>Checks that exactly one usable way to reach the account is configured, with messages that say what to set.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        var connection = options.ConnectionName;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (options.TableServiceUri is null || options.BlobServiceUri is null)
            {
                failures.Add($"Storage: set {connection} (connection string) or {connection}__tableServiceUri and {connection}__blobServiceUri (identity-based connection).");
            }

            CheckUri(options.TableServiceUri, $"{connection}__tableServiceUri", failures);
            CheckUri(options.BlobServiceUri, $"{connection}__blobServiceUri", failures);
            CheckUri(options.QueueServiceUri, $"{connection}__queueServiceUri", failures);
            if (options.Credential is not null && !string.Equals(options.Credential, "managedidentity", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"Storage: {connection}__credential must be 'managedidentity' or unset (DefaultAzureCredential).");
            }
        }

        foreach (var type in options.AllowedDocumentContentTypeList)
        {
            if (string.IsNullOrWhiteSpace(type) || !type.Contains('/', StringComparison.Ordinal))
            {
                failures.Add($"Storage: AllowedDocumentContentTypes has '{type}', which is not a content type (type/subtype).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUri(Uri? uri, string setting, List<string> failures)
    {
        if (uri is not null && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Storage: {setting} must be an absolute http(s) URI, e.g. https://myaccount.table.core.windows.net.");
        }
    }
}
