using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// Partners, their evidence and their decisions in the <c>partners</c> table (see docs/data-model.md). One class in
/// four files by concern: profiles and evidence here, references, decisions, and the partner scan.
/// </summary>
public sealed partial class TablePartnerRepository : IPartnerRepository
{
    private const int MaxRetries = 5;

    private readonly TableClient _table;
    private readonly StorageOptions _options;
    private readonly PartnerSearchIndexWriter _index;

    public TablePartnerRepository(StorageClients clients, PartnerSearchIndexWriter index)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(index);
        _table = clients.Table(clients.Names.Partners);
        _options = clients.Options;
        _index = index;
    }

    public async Task<PartnerProfile?> GetProfileAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        var pk = PartnerRows.PartitionKey(partnerId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.ProfileKey(pk), cancellationToken: cancellationToken);
        return response.HasValue ? Remember(PartnerRows.ToProfile(response.Value!)) : null;
    }

    public async Task<IReadOnlyDictionary<string, PartnerProfile>> GetProfilesAsync(IEnumerable<string> partnerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partnerIds);
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, PartnerProfile>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelRequests, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(partnerIds.Distinct(StringComparer.Ordinal), parallel, async (id, ct) =>
        {
            if (await GetProfileAsync(id, ct) is { } profile)
            {
                found[id] = profile;
            }
        });
        return found;
    }

    public async Task<PartnerSnapshot?> GetSnapshotAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        var pk = PartnerRows.PartitionKey(partnerId);

        // One partition query; decisions sort first in the partition and are left out by the key range.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {KeyEncoding.UpperBound(PartnerRows.KindPrefix(pk, PartnerRows.DecisionKind))}");
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var snapshot = PartnerRows.ToSnapshot(rows);
        if (snapshot is not null)
        {
            Remember(snapshot.Profile);
        }

        return snapshot;
    }

    public async Task<bool> UpsertPartnerAsync(Partner partner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentException.ThrowIfNullOrEmpty(partner.Id);
        var details = PartnerRows.ProfileDetails(partner);

        // Insert-if-absent first: the table answers 409 to every insert but one, so one caller creates the partner.
        // A new partner has no status columns and reads as PartnerStatus.Initial.
        try
        {
            await _table.AddEntityAsync(details, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // It exists: merge of the partner's own columns only; the status columns (tier state) are never
            // overwritten here, so this cannot lose a concurrent decision.
            await _table.UpsertEntityAsync(details, TableUpdateMode.Merge, cancellationToken);
            await ReindexAsync(partner.Id, cancellationToken);
            return false;
        }

        // A new partner: its status is the initial one and it has no index entry yet.
        await _index.WriteAsync(partner, PartnerStatus.Initial(partner.LegacyTier), null, cancellationToken);
        return true;
    }

    public Task UpsertPeopleAsync(string partnerId, IEnumerable<Person> people, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(people);
        return TableBatches.SubmitAsync(_table, people.Select(p => Upsert(PartnerRows.Person(partnerId, p))), cancellationToken);
    }

    public Task UpsertRevenueAsync(string partnerId, IEnumerable<RevenueEntry> lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(lines);
        return TableBatches.SubmitAsync(_table, lines.Select(l => Upsert(PartnerRows.Revenue(partnerId, l))), cancellationToken);
    }

    public Task UpsertReferencesAsync(string partnerId, IEnumerable<CustomerReference> references, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(references);
        return TableBatches.SubmitAsync(
            _table,
            references.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, PartnerRows.ReferenceDetails(partnerId, r))),
            cancellationToken);
    }

    public async Task UpsertEvidenceAsync(PartnerEvidence evidence, string revenueSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentException.ThrowIfNullOrEmpty(revenueSource);
        var id = evidence.Partner.Id;
        var actions = new List<TableTransactionAction>(1 + evidence.People.Count + evidence.Revenue.Count + evidence.References.Count)
        {
            new(TableTransactionActionType.UpsertMerge, PartnerRows.ProfileDetails(evidence.Partner)),
        };
        actions.AddRange(evidence.People.Select(p => Upsert(PartnerRows.Person(id, p))));
        actions.AddRange(evidence.Revenue.Select(l => Upsert(PartnerRows.Revenue(id, new RevenueEntry(l, revenueSource)))));
        actions.AddRange(evidence.References.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, PartnerRows.ReferenceDetails(id, r))));
        await TableBatches.SubmitAsync(_table, actions, cancellationToken);
        await ReindexAsync(id, cancellationToken);
    }

    public async Task<AccreditationMergeResult> MergeAccreditationsAsync(string partnerId, IReadOnlyList<PersonAccreditations> people, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(people);
        var incoming = people.GroupBy(p => p.PersonId, StringComparer.Ordinal)
            .Select(g => g.Aggregate((a, b) => new PersonAccreditations(a.PersonId, b.PersonName, b.EmployedFrom ?? a.EmployedFrom, [.. a.Accreditations, .. b.Accreditations])))
            .ToArray();
        var pk = PartnerRows.PartitionKey(partnerId);
        int created = 0, updated = 0;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadPeopleAsync(pk, cancellationToken);
            var actions = new List<TableTransactionAction>();
            var plannedCreated = 0;
            var plannedUpdated = 0;
            foreach (var person in incoming)
            {
                var exists = stored.TryGetValue(person.PersonId, out var existing);
                var merged = AccreditationMerge.Merge(exists ? existing.Person : null, person);
                if (!exists)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, PartnerRows.Person(partnerId, merged)));
                    plannedCreated++;
                }
                else if (!AccreditationMerge.SameAs(existing.Person, merged))
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, PartnerRows.Person(partnerId, merged), existing.ETag));
                    plannedUpdated++;
                }
            }

            try
            {
                await TableBatches.SubmitAsync(_table, actions, cancellationToken);
                created += plannedCreated;
                updated += plannedUpdated;
                return new AccreditationMergeResult(created, updated, incoming.Length - created - updated);
            }
            catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex) && attempt < MaxRetries)
            {
                // Someone changed one of these people meanwhile (or an earlier chunk of ours went through): merging is
                // idempotent, so re-read and merge again.
            }
            catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
            {
                throw TableErrors.Conflict($"People of partner {partnerId}", ex);
            }
        }
    }

    private static TableTransactionAction Upsert(TableEntity row) => new(TableTransactionActionType.UpsertReplace, row);

    private async Task<Dictionary<string, (Person Person, ETag ETag)>> ReadPeopleAsync(string pk, CancellationToken cancellationToken)
    {
        var prefix = PartnerRows.KindPrefix(pk, PartnerRows.PersonKind);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {prefix} and RowKey lt {KeyEncoding.UpperBound(prefix)}");
        var people = new Dictionary<string, (Person, ETag)>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            var person = PartnerRows.ToPerson(row);
            people[person.Id] = (person, row.ETag);
        }

        return people;
    }
}
