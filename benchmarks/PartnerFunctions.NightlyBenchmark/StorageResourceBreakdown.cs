using System.Collections.Concurrent;
using System.Diagnostics;

namespace PartnerFunctions.NightlyBenchmark;

/// <summary>
/// Which storage resources (table, queue or container names) the counted requests went to, from the HTTP client's
/// activities (source "System.Net.Http", tag "url.full"): tells the engine's task hub apart from the product's data
/// and the local mail capture.
/// </summary>
public sealed class StorageResourceBreakdown : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly HashSet<int> _ports;
    private readonly ConcurrentDictionary<string, long> _perResource = new(StringComparer.Ordinal);
    private volatile bool _counting;

    public StorageResourceBreakdown(params int[] ports)
    {
        _ports = [.. ports];
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Requests per resource name since the last <see cref="Start"/>.</summary>
    public IReadOnlyDictionary<string, long> PerResource => _perResource;

    public void Start()
    {
        _perResource.Clear();
        _counting = true;
    }

    public void Stop() => _counting = false;

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        if (!_counting || activity.GetTagItem("url.full") is not string url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !_ports.Contains(uri.Port))
        {
            return;
        }

        // Azurite paths are /{account}/{resource}[/...]; a table resource reads "name(...)" or "name()".
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length > 1 ? segments[1] : "(account)";
        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            resource = resource[..paren];
        }

        _perResource.AddOrUpdate(resource, 1, (_, n) => n + 1);
    }
}
