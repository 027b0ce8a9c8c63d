using Azure.Data.Tables;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>Entity group transactions: at most 100 actions, all in one partition.</summary>
internal static class TableBatches
{
    /// <summary>The service's limit of actions in one transaction.</summary>
    public const int MaxActions = 100;

    /// <summary>Submits the actions (grouped by partition, in order) in transactions of at most 100. Returns how many were sent.</summary>
    public static async Task<int> SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var transactions = 0;
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxActions))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
                transactions++;
            }
        }

        return transactions;
    }
}
