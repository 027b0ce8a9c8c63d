using System.Diagnostics.Metrics;

namespace PartnerFunctions.LocalHost.Hosting;

/// <summary>
/// Counts the HTTP requests this process sends to the storage account of <c>AzureWebJobsStorage</c> (engine and
/// product alike), by service, from .NET's own HTTP client metrics: what a storage transaction costs is what the
/// benchmark compares. Served at GET /_local/metrics/storage.
/// </summary>
public sealed class StorageRequestCounter : IDisposable
{
    public const string Path = "/_local/metrics/storage";

    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Host, int Port), string> _services;
    private long _blob;
    private long _queue;
    private long _table;

    public StorageRequestCounter(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _services = Endpoints(configuration["AzureWebJobsStorage"]);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Count(tags));
        _listener.Start();
    }

    /// <summary>Requests so far: blob, queue, table and their total.</summary>
    public StorageRequestCounts Snapshot()
    {
        var (blob, queue, table) = (Interlocked.Read(ref _blob), Interlocked.Read(ref _queue), Interlocked.Read(ref _table));
        return new StorageRequestCounts(blob + queue + table, blob, queue, table);
    }

    public void Dispose() => _listener.Dispose();

    private void Count(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? host = null;
        int? port = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "server.address")
            {
                host = tag.Value as string;
            }
            else if (tag.Key == "server.port" && tag.Value is int value)
            {
                port = value;
            }
        }

        if (host is null || port is null || !_services.TryGetValue((host.ToLowerInvariant(), port.Value), out var service))
        {
            return;
        }

        switch (service)
        {
            case "blob":
                Interlocked.Increment(ref _blob);
                break;
            case "queue":
                Interlocked.Increment(ref _queue);
                break;
            default:
                Interlocked.Increment(ref _table);
                break;
        }
    }

    private static Dictionary<(string, int), string> Endpoints(string? connectionString)
    {
        var result = new Dictionary<(string, int), string>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return result;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
        {
            // Azurite's default ports.
            result[("127.0.0.1", 10000)] = "blob";
            result[("127.0.0.1", 10001)] = "queue";
            result[("127.0.0.1", 10002)] = "table";
            return result;
        }

        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        var account = parts.GetValueOrDefault("AccountName");
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var explicitEndpoint = parts.GetValueOrDefault(char.ToUpperInvariant(service[0]) + service[1..] + "Endpoint");
            var endpoint = explicitEndpoint ?? (account is null ? null : $"https://{account}.{service}.{suffix}");
            if (endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            {
                Add(result, uri, service);
            }
        }

        return result;
    }

    private static void Add(Dictionary<(string, int), string> endpoints, Uri? uri, string service)
    {
        if (uri is not null)
        {
            endpoints[(uri.Host.ToLowerInvariant(), uri.Port)] = service;
        }
    }
}

/// <summary>Storage requests sent by the host since it started.</summary>
public sealed record StorageRequestCounts(long Requests, long Blob, long Queue, long Table);
