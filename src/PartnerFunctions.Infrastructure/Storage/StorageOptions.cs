using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>
/// Where program data is stored and the limits that apply. The account is found the way Azure Functions finds
/// <c>AzureWebJobsStorage</c> (see <see cref="ConnectionName"/>): either a connection string (local, Azurite) or
/// service URIs with a managed identity (Azure). The other settings come from the <c>Storage</c> section
/// (<c>Storage__TablePrefix</c>, ...).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section of the settings below.</summary>
    public const string SectionName = "Storage";

    /// <summary>The Functions host's storage setting, used unless <see cref="ConnectionName"/> names another.</summary>
    public const string DefaultConnectionName = "AzureWebJobsStorage";

    /// <summary>
    /// Name of the connection setting: its value is a connection string, or its <c>__tableServiceUri</c>,
    /// <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__credential</c> and <c>__clientId</c> children describe an
    /// identity-based connection.
    /// </summary>
    [Required]
    public string ConnectionName { get; set; } = DefaultConnectionName;

    /// <summary>Connection string (read from the connection setting's value).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table service URI for an identity-based connection.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Blob service URI for an identity-based connection.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue service URI (used by the Functions host; recorded for completeness).</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>"managedidentity" to use only the managed identity; anything else uses DefaultAzureCredential.</summary>
    public string? Credential { get; set; }

    /// <summary>Client id of a user-assigned managed identity.</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// Prefix of every table and container name (lowercase letters and digits, starting with a letter), so that
    /// tests and parallel runs never share data. Empty in production.
    /// </summary>
    [RegularExpression("^([a-z][a-z0-9]{0,19})?$", ErrorMessage = "Storage: TablePrefix must be empty or 1-20 lowercase letters and digits starting with a letter.")]
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>Largest evidence document accepted, in bytes (default 10 MiB).</summary>
    [Range(1, 256L * 1024 * 1024, ErrorMessage = "Storage: MaxDocumentBytes must be between 1 and 268435456.")]
    public long MaxDocumentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>The content types accepted when <see cref="AllowedDocumentContentTypes"/> lists none.</summary>
    public static IReadOnlyList<string> DefaultDocumentContentTypes { get; } = ["application/pdf", "image/png", "image/jpeg"];

    /// <summary>
    /// Content types accepted for evidence documents (<c>Storage__AllowedDocumentContentTypes__0</c>, <c>__1</c>, ...);
    /// empty means <see cref="DefaultDocumentContentTypes"/>. Starts empty so that configured values replace the
    /// defaults instead of being appended to them by the binder.
    /// </summary>
    public IList<string> AllowedDocumentContentTypes { get; } = [];

    /// <summary>The content types in force (trimmed, lowercase).</summary>
    public IReadOnlyList<string> AllowedDocumentContentTypeList =>
        (AllowedDocumentContentTypes.Count == 0 ? (IEnumerable<string>)DefaultDocumentContentTypes : AllowedDocumentContentTypes)
            .Select(t => (t ?? string.Empty).Trim().ToLowerInvariant())
            .ToArray();

    /// <summary>Rows per storage page of whole-table scans (the service returns at most 1,000).</summary>
    [Range(1, 1000, ErrorMessage = "Storage: ScanPageSize must be between 1 and 1000.")]
    public int ScanPageSize { get; set; } = 1000;

    /// <summary>Point reads or single writes in flight at once for one caller (profile look-ups, per-partner batches).</summary>
    [Range(1, 64, ErrorMessage = "Storage: MaxParallelRequests must be between 1 and 64.")]
    public int MaxParallelRequests { get; set; } = 8;

    /// <summary>True when the connection is identity-based (service URIs) rather than a connection string.</summary>
    public bool UsesIdentity => string.IsNullOrWhiteSpace(ConnectionString);
}
