using Azure.Data.Tables;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// The search index's shards, each in a table of its own (partition <c>s{n}</c> in table <c>partnersearch{n}</c>).
/// In Azure that costs what one table would; on Azurite, which reads every row of a table for any filtered query, a
/// query of one shard reads that shard only, so a page's query of every shard reads the index once, not once per shard.
/// </summary>
internal sealed class PartnerSearchTables
{
    private readonly Dictionary<string, TableClient> _byPartition;

    public PartnerSearchTables(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _byPartition = PartnerSearchRows.Partitions
            .Select((partition, n) => (partition, table: clients.Table(clients.Names.PartnerSearchShards[n])))
            .ToDictionary(p => p.partition, p => p.table, StringComparer.Ordinal);
    }

    /// <summary>The table holding the shard <paramref name="partition"/> (one of <see cref="PartnerSearchRows.Partitions"/>).</summary>
    public TableClient For(string partition) => _byPartition[partition];
}
