using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PartnerFunctions.Workflows.Access;

/// <summary>
/// How callers authenticate (section "Access"). Partners use API keys staff issue (stored hashed in the credentials
/// table); staff use a key whose SHA-256 is configured here, or, in Azure, an Entra ID app role through App Service
/// Authentication. Nothing here lets an unauthenticated caller in.
/// </summary>
public sealed partial class AccessOptions
{
    public const string SectionName = "Access";

    /// <summary>App setting present on every App Service / Functions instance in Azure (and never set locally).</summary>
    public const string AzureSiteNameSetting = "WEBSITE_SITE_NAME";

    /// <summary>Staff id recorded for calls made with <see cref="LocalStaffKey"/>.</summary>
    public const string LocalStaffId = "local-staff";

    /// <summary>Shortest staff key accepted (a random key of at least 128 bits as hex is 32 characters).</summary>
    public const int MinimumStaffKeyLength = 32;

    /// <summary>
    /// Staff API keys, each as "staffId:sha256hex" (Access__StaffKeyHashes__0, __1, ...): the staff id recorded on
    /// what that key does, and the SHA-256 (hex) of the key. Empty entries are ignored.
    /// </summary>
    public IList<string> StaffKeyHashes { get; } = [];

    /// <summary>
    /// A plain staff key for local runs only (recorded as <see cref="LocalStaffId"/>); empty = none. Refused at
    /// start-up when the app runs on App Service (the <see cref="AzureSiteNameSetting"/> setting is present).
    /// </summary>
    public string? LocalStaffKey { get; set; }

    /// <summary>
    /// Trust the X-MS-CLIENT-PRINCIPAL header set by App Service Authentication. Only turn on where App Service
    /// Authentication is enabled (the platform then sets the header and drops any a client sends); elsewhere anyone
    /// could forge it, so it is ignored unless this is true.
    /// </summary>
    public bool TrustAppServicePrincipal { get; set; }

    /// <summary>The Entra ID app role that makes a principal program staff.</summary>
    [Required]
    public string StaffRole { get; set; } = "PartnerProgram.Staff";

    /// <summary>The configured staff keys: (staff id, SHA-256 bytes).</summary>
    public IReadOnlyList<(string StaffId, byte[] KeyHash)> StaffKeys() =>
        StaffKeyHashes
            .Where(e => !string.IsNullOrWhiteSpace(e))
            .Select(e => StaffKeyEntry().Match(e.Trim()))
            .Where(m => m.Success)
            .Select(m => (m.Groups["id"].Value, Convert.FromHexString(m.Groups["hash"].Value)))
            .ToArray();

    /// <summary>True when <paramref name="entry"/> is a valid "staffId:sha256hex" entry.</summary>
    public static bool IsValidStaffKeyEntry(string entry) => StaffKeyEntry().IsMatch(entry.Trim());

    [GeneratedRegex(@"\A(?<id>[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}):(?<hash>[0-9A-Fa-f]{64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex StaffKeyEntry();
}

/// <summary>Start-up checks of <see cref="AccessOptions"/> beyond data annotations.</summary>
public sealed class AccessOptionsValidator(IConfiguration configuration) : IValidateOptions<AccessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.StaffKeyHashes.Count; i++)
        {
            var entry = options.StaffKeyHashes[i];
            if (!string.IsNullOrWhiteSpace(entry) && !AccessOptions.IsValidStaffKeyEntry(entry))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Access:StaffKeyHashes:{i} must be \"staffId:sha256hex\" (64 hex digits)."));
            }
        }

        if (!string.IsNullOrEmpty(options.LocalStaffKey))
        {
            if (options.LocalStaffKey.Length < AccessOptions.MinimumStaffKeyLength)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Access:LocalStaffKey must be at least {AccessOptions.MinimumStaffKeyLength} characters (e.g. openssl rand -hex 32)."));
            }

            if (!string.IsNullOrEmpty(configuration[AccessOptions.AzureSiteNameSetting]))
            {
                errors.Add("Access:LocalStaffKey is for local runs only and is refused on App Service: configure Access:StaffKeyHashes or the staff app role instead.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
