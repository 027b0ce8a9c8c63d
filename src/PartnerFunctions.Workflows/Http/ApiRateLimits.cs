using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace PartnerFunctions.Workflows.Http;

/// <summary>
/// Rate limits of the HTTP API (a singleton): one partitioned token bucket per policy, one bucket per key (e.g. a
/// partner id, or an approval id and client address). Handlers call <see cref="TryAcquire"/> before doing any work;
/// a refused call gets 429 problem+json with Retry-After. Buckets live in this instance's memory, so on Azure each
/// instance limits separately (the effective limit is N per instance).
/// </summary>
public sealed class ApiRateLimits : IDisposable
{
    /// <summary>Policy of approval-link POSTs (key: approval id + client address).</summary>
    public const string Approval = "approval";

    /// <summary>Policy of evidence document uploads (key: partner id).</summary>
    public const string EvidenceUpload = "evidence-upload";

    /// <summary>Policy of failed credential checks (key: client address); see <see cref="CheckNotSpent"/>.</summary>
    public const string CredentialFailure = "credential-failure";

    private readonly RateLimitOptions _options;
    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<string>> _limiters = new(StringComparer.Ordinal);

    public ApiRateLimits(IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>
    /// Takes one permit of <paramref name="policy"/> for <paramref name="key"/>. Null when granted; otherwise a 429
    /// problem with a Retry-After header (whole seconds, at least 1) to return as is.
    /// </summary>
    /// <exception cref="ArgumentException">The policy is not one of this class's constants.</exception>
    public IResult? TryAcquire(HttpContext context, string policy, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(policy);
        ArgumentNullException.ThrowIfNull(key);
        var limiter = _limiters.GetOrAdd(policy, Create);
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return TooMany(seconds, FormattableString.Invariant($"Too many requests of this kind ({policy}); retry after {seconds} s."));
    }

    /// <summary>
    /// Null while <paramref name="key"/> has a permit of <paramref name="policy"/> left, without taking one; otherwise
    /// the 429 problem (with Retry-After) to return as is. Used where only failures spend permits: checked before the
    /// work, and <see cref="Spend"/> after a failure.
    /// </summary>
    public IResult? CheckNotSpent(string policy, string key, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(policy);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(detail);

        // Looking, not taking: the bucket refills continuously, so a fraction of a permit may be back; the statistics
        // count whole permits only, as a taking call would. The wait is then at most one refill period (60/N s).
        var statistics = _limiters.GetOrAdd(policy, Create).GetStatistics(key);
        if (statistics is null || statistics.CurrentAvailablePermits >= 1)
        {
            return null;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(60.0 / _options.PermitsPerMinute(policy)));
        return TooMany(seconds, FormattableString.Invariant($"{detail} Retry after {seconds} s."));
    }

    /// <summary>Takes one permit of <paramref name="policy"/> for <paramref name="key"/> if one is left (a failure to count).</summary>
    public void Spend(string policy, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(policy);
        ArgumentNullException.ThrowIfNull(key);
        using var lease = _limiters.GetOrAdd(policy, Create).AttemptAcquire(key);
    }

    /// <summary>The client address a host saw (for keys of anonymous endpoints), or "unknown".</summary>
    public static string ClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _limiters.Clear();
    }

    private static TooManyRequestsResult TooMany(int seconds, string detail) =>
        new(seconds, ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail));

    private PartitionedRateLimiter<string> Create(string policy)
    {
        var permits = _options.PermitsPerMinute(policy);
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / permits,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket), StringComparer.Ordinal);
    }

    /// <summary>A 429 problem with its Retry-After header.</summary>
    public sealed class TooManyRequestsResult(int retryAfterSeconds, IResult problem) : IResult, IStatusCodeHttpResult
    {
        /// <inheritdoc />
        public int? StatusCode => StatusCodes.Status429TooManyRequests;

        /// <summary>Seconds until a permit is expected to be free.</summary>
        public int RetryAfterSeconds { get; } = retryAfterSeconds;

        /// <inheritdoc />
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }
}
