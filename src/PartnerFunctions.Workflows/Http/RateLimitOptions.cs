using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// Permits per minute of each rate-limit policy (section "RateLimits": e.g. RateLimits__ApprovalPermitsPerMinute).
/// Each policy is a token bucket per key holding that many permits and refilled evenly over a minute: a burst of the
/// whole minute's permits is allowed, then one permit every 60/N seconds. Limits are per instance.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Approval-link POSTs per approval and client address (policy <see cref="ApiRateLimits.Approval"/>).</summary>
    [Range(1, 100_000)]
    public int ApprovalPermitsPerMinute { get; set; } = 10;

    /// <summary>Evidence document uploads per partner (policy <see cref="ApiRateLimits.EvidenceUpload"/>).</summary>
    [Range(1, 100_000)]
    public int EvidenceUploadPermitsPerMinute { get; set; } = 30;

    /// <summary>
    /// Failed credential checks (a wrong, revoked or malformed key) per client address (policy
    /// <see cref="ApiRateLimits.CredentialFailure"/>). Once spent, every call from that address carrying a key
    /// answers 429 before its credential is checked, until a permit is back.
    /// </summary>
    [Range(1, 100_000)]
    public int CredentialFailurePermitsPerMinute { get; set; } = 20;

    /// <summary>The permits per minute of <paramref name="policy"/>.</summary>
    public int PermitsPerMinute(string policy) => policy switch
    {
        ApiRateLimits.Approval => ApprovalPermitsPerMinute,
        ApiRateLimits.EvidenceUpload => EvidenceUploadPermitsPerMinute,
        ApiRateLimits.CredentialFailure => CredentialFailurePermitsPerMinute,
        _ => throw new ArgumentException($"Unknown rate-limit policy '{policy}'.", nameof(policy)),
    };
}
