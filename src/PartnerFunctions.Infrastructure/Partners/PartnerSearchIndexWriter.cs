using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// Writes partners' search index entries. Writes that arrive while another is in flight are committed together
/// (group commit): partners of a shard share its partition, so up to 100 rows of several partners make one transaction, and a
/// nightly page that records decisions 8 at a time costs about one index transaction per 8 changed partners, not
/// one per partner. Each caller still returns only once its own rows are stored (or throws).
/// </summary>
public sealed class PartnerSearchIndexWriter
{
    private const int MaxRememberedProfiles = 20_000;

    private readonly PartnerSearchTables _tables;
    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _pending = new();
    private readonly ConcurrentDictionary<string, PartnerProfile> _profiles = new(StringComparer.Ordinal);
    private bool _flushing;

    public PartnerSearchIndexWriter(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _tables = new PartnerSearchTables(clients);
    }

    /// <summary>
    /// Remembers the details of a profile just read, under its concurrency token: a decision written with that token
    /// (If-Match) applies to exactly these details, so its index entry needs no read.
    /// </summary>
    public void Remember(PartnerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (_profiles.Count >= MaxRememberedProfiles)
        {
            _profiles.Clear();
        }

        _profiles[profile.Partner.Id] = profile;
    }

    /// <summary>The profile remembered under this token, if any.</summary>
    public PartnerProfile? Recall(string partnerId, string profileETag) =>
        _profiles.TryGetValue(partnerId, out var remembered) && string.Equals(remembered.ETag, profileETag, StringComparison.Ordinal)
            ? remembered
            : null;

    /// <summary>The stored entry row of a partner (its details, status and the keys of its other rows), or null.</summary>
    public async Task<TableEntity?> ReadEntryAsync(string partnerId, CancellationToken cancellationToken)
    {
        var partition = PartnerSearchRows.Partition(partnerId);
        var response = await _tables.For(partition).GetEntityIfExistsAsync<TableEntity>(partition, PartnerSearchRows.EntryKey(partnerId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Re-writes a partner's entry from its stored profile (read just now by the caller), removing the rows its previous
    /// entry listed and no longer has; removes the entry when the partner does not exist.
    /// </summary>
    public async Task ReindexAsync(string partnerId, PartnerProfile? profile, CancellationToken cancellationToken)
    {
        var entry = await ReadEntryAsync(partnerId, cancellationToken);
        if (profile is null)
        {
            if (entry is not null)
            {
                await RemoveAsync(entry, cancellationToken);
            }

            return;
        }

        await WriteAsync(profile.Partner, profile.Status, entry is null ? null : PartnerSearchRows.OtherRowKeys(entry), cancellationToken);
    }

    /// <summary>
    /// Writes the partner's entry (replacing its rows) and removes the rows of <paramref name="previousRowKeys"/> it no
    /// longer has (a renamed partner's old words).
    /// </summary>
    public Task WriteAsync(Partner partner, PartnerStatus status, IEnumerable<string>? previousRowKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(status);
        return SubmitAsync(partner.Id, Actions(PartnerSearchRows.Rows(partner, status), previousRowKeys), cancellationToken);
    }

    /// <summary>Removes a partner's entry and the rows it lists.</summary>
    public Task RemoveAsync(TableEntity entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var keys = PartnerSearchRows.OtherRowKeys(entry).Prepend(entry.RowKey);
        var actions = keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(entry.PartitionKey, k), ETag.All)).ToList();
        return SubmitAsync(entry.GetString("PartnerId") ?? entry.RowKey, actions, cancellationToken);
    }

    /// <summary>The actions that replace a partner's rows: upserts of the new rows, deletes of the old rows not among them.</summary>
    public static List<TableTransactionAction> Actions(List<TableEntity> rows, IEnumerable<string>? previousRowKeys)
    {
        var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList();
        var partition = rows[0].PartitionKey;
        var keep = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previousRowKeys ?? [])
        {
            if (keep.Add(stale))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, stale), ETag.All));
            }
        }

        return actions;
    }

    private async Task SubmitAsync(string partnerId, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(partnerId, actions);
        bool lead;
        lock (_gate)
        {
            _pending.Enqueue(write);
            lead = !_flushing;
            _flushing = true;
        }

        if (lead)
        {
            // The leader commits what has queued up, transaction after transaction, until the queue is empty; writes
            // that arrive meanwhile join the next transaction. Not the caller's token: others wait on these writes.
            await FlushAsync();
        }

        await write.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<PendingWrite> taken;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                taken = [.. _pending];
                _pending.Clear();
            }

            // One transaction per shard of whole partners, each partner at most once per transaction (its rows would
            // repeat), at most 100 actions; the shards' transactions in parallel.
            var transactions = new List<List<PendingWrite>>();
            foreach (var shard in taken.GroupBy(w => w.Partition, StringComparer.Ordinal))
            {
                var current = new List<PendingWrite>();
                var actions = 0;
                foreach (var write in shard)
                {
                    if (current.Count > 0 && (actions + write.Actions.Count > TableBatches.MaxActions || current.Exists(w => w.PartnerId == write.PartnerId)))
                    {
                        transactions.Add(current);
                        current = [];
                        actions = 0;
                    }

                    current.Add(write);
                    actions += write.Actions.Count;
                }

                transactions.Add(current);
            }

            await Task.WhenAll(transactions.Select(CommitAsync));
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        try
        {
            await _tables.For(batch[0].Partition).SubmitTransactionAsync(batch.SelectMany(w => w.Actions), CancellationToken.None);
            batch.ForEach(w => w.Done.TrySetResult());
        }
        catch (RequestFailedException)
        {
            // One partner's rows can fail a shared transaction: commit each alone, so only that one fails.
            foreach (var write in batch)
            {
                await SubmitAloneAsync(write);
            }
        }
    }

    private async Task SubmitAloneAsync(PendingWrite write)
    {
        try
        {
            try
            {
                await TableBatches.SubmitAsync(_tables.For(write.Partition), write.Actions, CancellationToken.None);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && write.Actions.Exists(a => a.ActionType == TableTransactionActionType.Delete))
            {
                // A row to remove is gone already (removed by a concurrent write of the same partner): the upserts still apply.
                await TableBatches.SubmitAsync(_tables.For(write.Partition), write.Actions.Where(a => a.ActionType != TableTransactionActionType.Delete), CancellationToken.None);
            }

            write.Done.TrySetResult();
        }
        catch (RequestFailedException ex)
        {
            write.Done.TrySetException(ex);
        }
    }

    private sealed class PendingWrite(string partnerId, List<TableTransactionAction> actions)
    {
        public string PartnerId { get; } = partnerId;

        public string Partition => Actions[0].Entity.PartitionKey;

        public List<TableTransactionAction> Actions { get; } = actions;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
