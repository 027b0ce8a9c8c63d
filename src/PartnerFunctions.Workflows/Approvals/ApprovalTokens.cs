using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PartnerFunctions.Workflows.Approvals;

/// <summary>
/// The secret of an approval link: 256 random bits from the OS generator, base64url in the link, stored only as its
/// SHA-256 (a token this random needs no slow hash). Tokens are made inside the activity that emails them and never
/// leave it: not in orchestration inputs, outputs, history or logs.
/// </summary>
public static class ApprovalTokens
{
    /// <summary>Random bytes per token (256 bits; the requirement is at least 128).</summary>
    public const int TokenBytes = 32;

    /// <summary>A new token and the hash to store.</summary>
    public static (string Token, string Hash) Create()
    {
        Span<byte> bytes = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(bytes);
        var token = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return (token, Hash(token));
    }

    /// <summary>Lowercase hex SHA-256 of the token's UTF-8 bytes: what an approval request stores.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="storedHash"/> (constant-time comparison).</summary>
    public static bool Matches(string? token, string? storedHash)
    {
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(storedHash))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash.ToLowerInvariant()));
    }
}
