using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerFunctions.Workflows.Access;

/// <summary>
/// Partner API keys: <c>pf_{credentialId}_{secret}</c>, the credential id 96 random bits and the secret 256 random
/// bits, both lowercase hex. The id makes authenticating a call one point read; only SHA-256(secret) is stored and it
/// is compared in constant time.
/// </summary>
public static partial class PartnerApiKeys
{
    /// <summary>Every partner key starts with this.</summary>
    public const string Prefix = "pf_";

    /// <summary>A new key and its stored parts.</summary>
    public static (string Key, string CredentialId, string SecretHash) Create()
    {
        var credentialId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{credentialId}_{secret}", credentialId, Hash(secret));
    }

    /// <summary>True when <paramref name="key"/> has a partner key's shape; then its credential id and secret.</summary>
    public static bool TryParse(string key, out string credentialId, out string secret)
    {
        ArgumentNullException.ThrowIfNull(key);
        var match = KeyShape().Match(key);
        credentialId = match.Success ? match.Groups["id"].Value : string.Empty;
        secret = match.Success ? match.Groups["secret"].Value : string.Empty;
        return match.Success;
    }

    /// <summary>True when a credential id has the shape this class issues (for route values).</summary>
    public static bool IsCredentialId(string? value) => value is not null && CredentialIdShape().IsMatch(value);

    /// <summary>SHA-256 of <paramref name="value"/> (UTF-8) as lowercase hex.</summary>
    public static string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Constant-time check that SHA-256(<paramref name="secret"/>) equals <paramref name="storedHash"/> (hex).</summary>
    public static bool Verify(string secret, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(storedHash);
        if (storedHash.Length != 64)
        {
            return false;
        }

        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), expected);
    }

    [GeneratedRegex(@"\Apf_(?<id>[0-9a-f]{24})_(?<secret>[0-9a-f]{64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();

    [GeneratedRegex(@"\A[0-9a-f]{24}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialIdShape();
}
