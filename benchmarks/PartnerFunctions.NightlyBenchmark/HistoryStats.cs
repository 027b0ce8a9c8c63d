using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace PartnerFunctions.NightlyBenchmark;

/// <summary>What the task hub's storage says about the orchestrations: the largest history and the largest payload.</summary>
/// <param name="LargestHistoryEvents">Events of the largest history of one orchestration execution (instance + execution id).</param>
/// <param name="LargestPayloadBytes">UTF-8 bytes of the largest activity input or output (TaskScheduled input, TaskCompleted result) kept in the table.</param>
/// <param name="LargestSpilledBytes">Bytes of the largest payload spilled to the large-message blob container (compressed), 0 when none.</param>
public sealed record HistoryStats(
    string LargestHistoryInstance,
    int LargestHistoryEvents,
    int HistoryRows,
    int Executions,
    string LargestPayloadEvent,
    long LargestPayloadBytes,
    int SpilledPayloads,
    long LargestSpilledBytes)
{
    public static async Task<HistoryStats> ReadAsync(string connectionString, string taskHub, CancellationToken cancellationToken = default)
    {
        var table = new TableClient(connectionString, taskHub + "History");
        var perExecution = new Dictionary<(string, string), int>();
        var rows = 0;
        var spilled = 0;
        var largest = (Event: "(none)", Bytes: 0L);
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            rows++;
            var executionId = entity.GetString("ExecutionId") ?? string.Empty;
            var eventType = entity.GetString("EventType");
            if (eventType is null)
            {
                continue; // the sentinel row, not an event
            }

            var key = (entity.PartitionKey, executionId);
            perExecution[key] = perExecution.GetValueOrDefault(key) + 1;
            foreach (var property in new[] { "Input", "Result" })
            {
                if (eventType is not ("TaskScheduled" or "TaskCompleted"))
                {
                    break;
                }

                if (entity.GetString(property) is { } text && Encoding.UTF8.GetByteCount(text) is var bytes && bytes > largest.Bytes)
                {
                    largest = (entity.GetString("Name") is { } name ? $"{eventType} {name} of {entity.PartitionKey}" : $"{eventType} of {entity.PartitionKey}", bytes);
                }
            }

            if (entity.Keys.Any(k => k.EndsWith("BlobName", StringComparison.Ordinal)))
            {
                spilled++;
            }
        }

        var top = perExecution.OrderByDescending(p => p.Value).FirstOrDefault();
        var largestSpilled = 0L;
        var container = new BlobContainerClient(connectionString, taskHub.ToLowerInvariant() + "-largemessages");
        if (await container.ExistsAsync(cancellationToken))
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                largestSpilled = Math.Max(largestSpilled, blob.Properties.ContentLength ?? 0);
            }
        }

        return new HistoryStats(top.Key.Item1 ?? "(none)", top.Value, rows, perExecution.Count, largest.Event, largest.Bytes, spilled, largestSpilled);
    }
}
