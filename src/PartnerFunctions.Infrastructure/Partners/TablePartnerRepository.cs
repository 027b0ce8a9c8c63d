using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>Partners, their evidence and their decisions in the <c>partners</c> table (see docs/data-model.md).</summary>
public sealed class TablePartnerRepository : IPartnerRepository
{
    private const string ResumeTokenPrefix = "pk1:";
    private const int MaxRetries = 5;

    private readonly TableClient _table;
    private readonly StorageOptions _options;

    public TablePartnerRepository(StorageClients clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        _table = clients.Table(clients.Names.Partners);
        _options = clients.Options;
    }

    public async Task<PartnerProfile?> GetProfileAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        var pk = PartnerRows.PartitionKey(partnerId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.ProfileKey(pk), cancellationToken: cancellationToken);
        return response.HasValue ? PartnerRows.ToProfile(response.Value!) : null;
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

        return PartnerRows.ToSnapshot(rows);
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
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // It exists: merge of the partner's own columns only; the status columns (tier state) are never
            // overwritten here, so this cannot lose a concurrent decision.
            await _table.UpsertEntityAsync(details, TableUpdateMode.Merge, cancellationToken);
            return false;
        }
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

    public Task UpsertEvidenceAsync(PartnerEvidence evidence, string revenueSource, CancellationToken cancellationToken = default)
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
        return TableBatches.SubmitAsync(_table, actions, cancellationToken);
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

    public async Task<StoredReference?> GetReferenceAsync(string partnerId, string referenceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(referenceId);
        var pk = PartnerRows.PartitionKey(partnerId);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.ReferenceKey(pk, referenceId), cancellationToken: cancellationToken);
        return response.HasValue ? PartnerRows.ToStoredReference(partnerId, response.Value!) : null;
    }

    public async Task<StoredReference> SaveReferenceDetailsAsync(string partnerId, CustomerReference reference, ReferenceStateChange submitted, string? expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(submitted);
        try
        {
            if (expectedETag is null)
            {
                var created = reference with { State = submitted.State };
                var row = PartnerRows.Reference(partnerId, created, [submitted], []);
                var response = await _table.AddEntityAsync(row, cancellationToken);
                return new StoredReference(partnerId, created, [submitted], [], response.Headers.ETag?.ToString() ?? string.Empty);
            }

            var stored = await GetReferenceAsync(partnerId, reference.Id, cancellationToken)
                ?? throw new ConcurrencyConflictException($"Reference {reference.Id} of partner {partnerId} was deleted since it was read.");
            if (!string.Equals(stored.ETag, expectedETag, StringComparison.Ordinal))
            {
                throw new ConcurrencyConflictException($"Reference {reference.Id} of partner {partnerId} changed since it was read; re-read it and try again.");
            }

            // The review state is server-owned: the stored one is kept whatever the caller sent.
            var edited = reference with { State = stored.Reference.State };
            var replacement = PartnerRows.Reference(partnerId, edited, stored.History, stored.DocumentNames);
            var updated = await _table.UpdateEntityAsync(replacement, TableErrors.ToETag(expectedETag), TableUpdateMode.Replace, cancellationToken);
            return stored with { Reference = edited, ETag = updated.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Reference {reference.Id} of partner {partnerId}", ex);
        }
    }

    public async Task<StoredReference> ChangeReferenceStateAsync(string partnerId, string referenceId, ReferenceStateChange change, string expectedETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var etag = TableErrors.ToETag(expectedETag);
        var stored = await GetReferenceAsync(partnerId, referenceId, cancellationToken)
            ?? throw new KeyNotFoundException($"Partner {partnerId} has no reference {referenceId}.");
        var reference = stored.Reference with { State = change.State };
        var row = PartnerRows.Reference(partnerId, reference, [.. stored.History, change], stored.DocumentNames);
        try
        {
            // If-Match with the caller's token: if the row changed since the caller read it, this fails.
            var response = await _table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return stored with { Reference = reference, History = [.. stored.History, change], ETag = response.Headers.ETag?.ToString() ?? string.Empty };
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            throw TableErrors.Conflict($"Reference {referenceId} of partner {partnerId}", ex);
        }
    }

    public async Task<StoredReference> AddReferenceDocumentAsync(string partnerId, string referenceId, string documentName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(documentName);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetReferenceAsync(partnerId, referenceId, cancellationToken)
                ?? throw new KeyNotFoundException($"Partner {partnerId} has no reference {referenceId}.");
            if (stored.DocumentNames.Contains(documentName, StringComparer.Ordinal))
            {
                return stored;
            }

            var documents = stored.DocumentNames.Append(documentName).ToArray();
            var row = PartnerRows.Reference(partnerId, stored.Reference, stored.History, documents);
            try
            {
                var response = await _table.UpdateEntityAsync(row, TableErrors.ToETag(stored.ETag), TableUpdateMode.Replace, cancellationToken);
                return stored with { DocumentNames = documents, ETag = response.Headers.ETag?.ToString() ?? string.Empty };
            }
            catch (RequestFailedException ex) when (TableErrors.IsPreconditionFailed(ex) && attempt < MaxRetries)
            {
                // Adding a name to a set is safe to re-apply on the newer row.
            }
            catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
            {
                throw TableErrors.Conflict($"Reference {referenceId} of partner {partnerId}", ex);
            }
        }
    }

    public async Task<DecisionWriteResult> RecordDecisionAsync(TierDecision decision, PartnerStatus newStatus, string expectedProfileETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(newStatus);
        ArgumentException.ThrowIfNullOrEmpty(decision.DecisionId);
        var etag = TableErrors.ToETag(expectedProfileETag);
        var status = newStatus with { LastDecisionId = decision.DecisionId };

        // One transaction: the decision-id marker, the decision row, the profile's status (If-Match). The marker goes
        // first: a replay of the same decision id fails on it (409) whatever its timestamp, before anything else.
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, PartnerRows.DecisionIdMarker(decision)),
            new(TableTransactionActionType.Add, PartnerRows.Decision(decision)),
            new(TableTransactionActionType.UpdateMerge, PartnerRows.ProfileStatus(decision.PartnerId, status), etag),
        ];
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            var profileETag = response.Value.Count > 2 ? response.Value[2].Headers.ETag?.ToString() : null;
            if (string.IsNullOrEmpty(profileETag))
            {
                profileETag = (await GetProfileAsync(decision.PartnerId, cancellationToken))?.ETag ?? string.Empty;
            }

            return new DecisionWriteResult(DecisionWriteOutcome.Applied, profileETag);
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            var profile = await GetProfileAsync(decision.PartnerId, cancellationToken)
                ?? throw new KeyNotFoundException($"Partner {decision.PartnerId} does not exist.");
            if (await DecisionWrittenAsync(decision, ex, profile, cancellationToken))
            {
                return new DecisionWriteResult(DecisionWriteOutcome.AlreadyApplied, profile.ETag);
            }

            throw TableErrors.Conflict($"Profile of partner {decision.PartnerId}", ex);
        }
    }

    public async Task<PagedResult<TierDecision>> ListDecisionsAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var pk = PartnerRows.PartitionKey(partnerId);
        var prefix = PartnerRows.KindPrefix(pk, PartnerRows.DecisionKind);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {prefix} and RowKey lt {KeyEncoding.UpperBound(prefix)}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new PagedResult<TierDecision>(page.Values.Select(PartnerRows.ToDecision).ToArray(), page.ContinuationToken);
        }

        return new PagedResult<TierDecision>([], null);
    }

    public async Task<PartnerPage> ReadPartnerPageAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default)
    {
        await foreach (var page in ScanPartnersAsync(resumeToken, maxPartners, cancellationToken))
        {
            return page;
        }

        return new PartnerPage([], null);
    }

    public async IAsyncEnumerable<PartnerPage> ScanPartnersAsync(string? resumeToken = null, int partnersPerPage = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partnersPerPage, 1);

        // One whole-table query streamed in key order, storage page after storage page (SDK continuation). A
        // partner's rows are consecutive; a page of partners is handed out only once the next partner's first row is
        // seen, so a partner split across two storage pages is always complete. The resume token is that next
        // partner's key: resuming is the same scan filtered on PartitionKey ge it.
        var filter = ScanFilter(resumeToken);
        var batch = new List<PartnerSnapshot>(Math.Min(partnersPerPage, 1024));
        var rows = new List<TableEntity>();
        string? current = null;
        var yielded = false;
        await foreach (var storagePage in _table.QueryAsync<TableEntity>(filter, maxPerPage: _options.ScanPageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: _options.ScanPageSize))
        {
            foreach (var row in storagePage.Values)
            {
                if (!string.Equals(row.PartitionKey, current, StringComparison.Ordinal))
                {
                    if (current is not null && PartnerRows.ToSnapshot(rows) is { } completed)
                    {
                        batch.Add(completed);
                    }

                    rows.Clear();
                    current = row.PartitionKey;
                    if (batch.Count >= partnersPerPage)
                    {
                        yielded = true;
                        yield return new PartnerPage(batch, ResumeTokenPrefix + current);
                        batch = new List<PartnerSnapshot>(Math.Min(partnersPerPage, 1024));
                    }
                }

                rows.Add(row);
            }
        }

        if (current is not null && PartnerRows.ToSnapshot(rows) is { } last)
        {
            batch.Add(last);
        }

        if (batch.Count > 0 || !yielded)
        {
            yield return new PartnerPage(batch, null);
        }
    }

    public async Task<PartnerCount> CountPartnersAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartners, 1);

        // Profile rows only, keys only: the service filters and projects, so a partner costs one small row instead of
        // its ~20 evidence rows (on Azurite as well: far fewer entities serialised).
        var profiles = TableClient.CreateQueryFilter($"Kind eq {PartnerRows.ProfileKind}");
        var filter = string.IsNullOrEmpty(resumeToken) ? profiles : FromToken(resumeToken) + " and " + profiles;
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: _options.ScanPageSize, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (count == maxPartners)
            {
                return new PartnerCount(count, ResumeTokenPrefix + row.PartitionKey);
            }

            count++;
        }

        return new PartnerCount(count, null);
    }

    /// <summary>The scan's filter: every row but decisions, from the resume key on.</summary>
    internal static string ScanFilter(string? resumeToken)
    {
        var notDecisions = TableClient.CreateQueryFilter($"Kind ne {PartnerRows.DecisionKind} and Kind ne {PartnerRows.DecisionIdKind}");
        if (string.IsNullOrEmpty(resumeToken))
        {
            return notDecisions;
        }

        return FromToken(resumeToken) + " and " + notDecisions;
    }

    private static string FromToken(string resumeToken)
    {
        if (!resumeToken.StartsWith(ResumeTokenPrefix, StringComparison.Ordinal) || resumeToken.Length == ResumeTokenPrefix.Length)
        {
            throw new ArgumentException($"'{resumeToken}' is not a partner scan resume token.", nameof(resumeToken));
        }

        return TableClient.CreateQueryFilter($"PartitionKey ge {resumeToken[ResumeTokenPrefix.Length..]}");
    }

    // A replay: the marker's insert conflicted, or the profile names this decision as its last one, or (when the
    // service did not say which action failed) the marker row exists.
    private async Task<bool> DecisionWrittenAsync(TierDecision decision, RequestFailedException failure, PartnerProfile profile, CancellationToken cancellationToken)
    {
        if ((TableErrors.FailedIndex(failure) == 0 && TableErrors.IsConflict(failure))
            || string.Equals(profile.Status.LastDecisionId, decision.DecisionId, StringComparison.Ordinal))
        {
            return true;
        }

        if (TableErrors.FailedIndex(failure) is not null)
        {
            return false;
        }

        var pk = PartnerRows.PartitionKey(decision.PartnerId);
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.DecisionIdKey(pk, decision.DecisionId), select: ["RowKey"], cancellationToken: cancellationToken);
        return marker.HasValue;
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
