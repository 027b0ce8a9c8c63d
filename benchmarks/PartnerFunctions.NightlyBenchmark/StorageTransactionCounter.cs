using System.Diagnostics.Metrics;

namespace PartnerFunctions.NightlyBenchmark;

/// <summary>
/// Counts the HTTP requests this process sends to the storage emulator's ports (every storage transaction: table,
/// queue and blob calls of the engine and the app alike), from the "http.client.request.duration" instrument of the
/// "System.Net.Http" meter, which records one measurement per request sent, whatever the client library.
/// </summary>
public sealed class StorageTransactionCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<int, string> _services;
    private readonly long[] _counts;
    private volatile bool _counting;

    public StorageTransactionCounter(int blobPort, int queuePort, int tablePort)
    {
        _services = new Dictionary<int, string> { [blobPort] = "blob", [queuePort] = "queue", [tablePort] = "table" };
        _counts = new long[3];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
        _listener.Start();
    }

    /// <summary>Requests counted since the last <see cref="Start"/>: blob, queue, table.</summary>
    public (long Blob, long Queue, long Table) Counts => (Interlocked.Read(ref _counts[0]), Interlocked.Read(ref _counts[1]), Interlocked.Read(ref _counts[2]));

    public long Total => Counts.Blob + Counts.Queue + Counts.Table;

    /// <summary>Resets the counts and starts counting.</summary>
    public void Start()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            Interlocked.Exchange(ref _counts[i], 0);
        }

        _counting = true;
    }

    public void Stop() => _counting = false;

    public void Dispose() => _listener.Dispose();

    private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_counting)
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (tag.Key != "server.port")
            {
                continue;
            }

            var port = tag.Value switch
            {
                int i => i,
                long l => (int)l,
                string s when int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var p) => p,
                _ => -1,
            };
            if (_services.TryGetValue(port, out var service))
            {
                Interlocked.Increment(ref _counts[service switch { "blob" => 0, "queue" => 1, _ => 2 }]);
            }

            return;
        }
    }
}
