using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.StaffConsole;

/// <summary>
/// The dashboard's partner counts (by tier, competencies by level), read from the search index at most once per
/// <see cref="Lifetime"/>: counting reads the whole index (about a second at 10,000 partners on Azurite), too slow for
/// every dashboard view, while counts a minute old are what a dashboard shows anyway (it says when they were read).
/// </summary>
public sealed class PartnerSummaryCache(IPartnerSearchIndex index, TimeProvider time) : IDisposable
{
    /// <summary>How long counts are reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PartnerIndexSummary Summary, DateTimeOffset ReadAt)? _last;

    /// <summary>The counts and when they were read.</summary>
    public async Task<(PartnerIndexSummary Summary, DateTimeOffset ReadAt)> GetAsync(CancellationToken cancellationToken)
    {
        if (_last is { } fresh && time.GetUtcNow() - fresh.ReadAt < Lifetime)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && time.GetUtcNow() - again.ReadAt < Lifetime)
            {
                return again;
            }

            var summary = await index.SummarizeAsync(cancellationToken);
            _last = (summary, time.GetUtcNow());
            return _last.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
