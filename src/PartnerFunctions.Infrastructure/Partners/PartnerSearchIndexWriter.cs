using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// Writes partners' search index entries. Writes that arrive while another is in flight are committed together
/// (group commit): the index is one partition, so up to 100 rows of several partners make one transaction, and a
/// nightly page that records decisions 8 at a time costs about one index transaction per 8 changed partners, not
/// one per partner. Each caller still returns only once its own rows are stored (or throws).
/// </summary>
public sealed class PartnerSearchIndexWriter
{
    private const int MaxRememberedProfiles = 20_000;

    private readonly TableClient _table;
    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _pending = new();
    private readonly ConcurrentDictionary<string, RememberedProfile> _profiles = new(StringComparer.Ordinal);
    private bool _flushing;

    public PartnerSearchIndexWriter(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.PartnerSearch);
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

        _profiles[profile.Partner.Id] = new RememberedProfile(profile.ETag, profile.Partner);
    }

    /// <summary>The partner details remembered under this profile token, if any.</summary>
    public Partner? Recall(string partnerId, string profileETag) =>
        _profiles.TryGetValue(partnerId, out var remembered) && string.Equals(remembered.ETag, profileETag, StringComparison.Ordinal)
            ? remembered.Partner
            : null;

    /// <summary>The stored entry row of a partner (its details, status and the keys of its other rows), or null.</summary>
    public async Task<TableEntity?> ReadEntryAsync(string partnerId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartnerSearchRows.Partition, PartnerSearchRows.EntryKey(partnerId), cancellationToken: cancellationToken);
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
        var actions = keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartnerSearchRows.Partition, k), ETag.All)).ToList();
        return SubmitAsync(entry.GetString("PartnerId") ?? entry.RowKey, actions, cancellationToken);
    }

    /// <summary>The actions that replace a partner's rows: upserts of the new rows, deletes of the old rows not among them.</summary>
    public static List<TableTransactionAction> Actions(List<TableEntity> rows, IEnumerable<string>? previousRowKeys)
    {
        var actions = rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)).ToList();
        var keep = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previousRowKeys ?? [])
        {
            if (keep.Add(stale))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(PartnerSearchRows.Partition, stale), ETag.All));
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
            var batch = new List<PendingWrite>();
            var actions = 0;
            lock (_gate)
            {
                // Whole partners only, each at most once per transaction (its rows would repeat), at most 100 actions.
                while (_pending.TryPeek(out var next)
                    && (batch.Count == 0 || (actions + next.Actions.Count <= TableBatches.MaxActions && !batch.Exists(w => w.PartnerId == next.PartnerId))))
                {
                    batch.Add(_pending.Dequeue());
                    actions += next.Actions.Count;
                }

                if (batch.Count == 0)
                {
                    _flushing = false;
                    return;
                }
            }

            try
            {
                await TableBatches.SubmitAsync(_table, batch.SelectMany(w => w.Actions), CancellationToken.None);
                batch.ForEach(w => w.Done.TrySetResult());
            }
            catch (RequestFailedException) when (batch.Count > 1)
            {
                // One partner's rows can fail a shared transaction: commit each alone, so only that one fails.
                foreach (var write in batch)
                {
                    await SubmitAloneAsync(write);
                }
            }
            catch (RequestFailedException)
            {
                await SubmitAloneAsync(batch[0]);
            }
        }
    }

    private async Task SubmitAloneAsync(PendingWrite write)
    {
        try
        {
            try
            {
                await TableBatches.SubmitAsync(_table, write.Actions, CancellationToken.None);
            }
            catch (RequestFailedException ex) when (ex.Status == 404 && write.Actions.Exists(a => a.ActionType == TableTransactionActionType.Delete))
            {
                // A row to remove is gone already (removed by a concurrent write of the same partner): the upserts still apply.
                await TableBatches.SubmitAsync(_table, write.Actions.Where(a => a.ActionType != TableTransactionActionType.Delete), CancellationToken.None);
            }

            write.Done.TrySetResult();
        }
        catch (RequestFailedException ex)
        {
            write.Done.TrySetException(ex);
        }
    }

    private sealed record RememberedProfile(string ETag, Partner Partner);

    private sealed class PendingWrite(string partnerId, List<TableTransactionAction> actions)
    {
        public string PartnerId { get; } = partnerId;

        public List<TableTransactionAction> Actions { get; } = actions;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
