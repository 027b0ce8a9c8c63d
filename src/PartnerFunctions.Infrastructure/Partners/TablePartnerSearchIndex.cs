using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// Staff search over the <c>partnersearch{n}</c> tables (docs/data-model.md): one key-range query per shard of the index
/// per page (merged by row key), every filter evaluated by the service, never a read of the partners table. Without text the
/// range is the name rows (name order); with text it is the term rows of the query's longest word, one row per
/// partner, the query's other words checked on the rows returned.
/// </summary>
public sealed class TablePartnerSearchIndex : IPartnerSearchIndex
{
    private const int ScanPageSize = 1000;

    // A page with words to check on the rows returned reads more rows per request: most may not match.
    private const int CheckedPageSize = 200;

    private static readonly string[] HitColumns =
        ["RowKey", "PartnerId", "Name", "Country", "LegacySpecializations", "Tier", "PendingTier", "GraceEndsOn", "AwaitingStaffDecision", "CompetencyLevels", PartnerSearchRows.TermsColumn];

    private readonly PartnerSearchTables _index;
    private readonly TableClient _partners;
    private readonly IPartnerRepository _repository;
    private readonly PartnerSearchIndexWriter _writer;
    private readonly int _parallelism;

    public TablePartnerSearchIndex(StorageClients clients, IPartnerRepository repository, PartnerSearchIndexWriter writer)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(writer);
        _index = new PartnerSearchTables(clients);
        _partners = clients.Table(clients.Names.Partners);
        _repository = repository;
        _writer = writer;
        _parallelism = Math.Max(clients.Options.MaxParallelRequests, 1) * 2;
    }

    public async Task<PagedResult<PartnerSearchHit>> SearchAsync(PartnerSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var words = query.TextWords.Select(PartnerSearchRows.EncodeTerm).Distinct(StringComparer.Ordinal).ToArray();
        var ranged = words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal).FirstOrDefault();
        var others = words.Where(w => !string.Equals(w, ranged, StringComparison.Ordinal)).ToArray();
        var (lower, upper) = ranged is null
            ? (PartnerSearchRows.NamePrefix, PartnerSearchRows.NamePrefix[..^1] + PartnerSearchRows.RangeEnd)
            : (PartnerSearchRows.TermPrefix + ranged, PartnerSearchRows.TermPrefix + ranged + PartnerSearchRows.RangeEnd);
        var fingerprint = Fingerprint(query, words);
        var after = ReadToken(query.ContinuationToken, fingerprint, lower, upper);

        var filter = new List<string>
        {
            after is null ? TableClient.CreateQueryFilter($"RowKey ge {lower}") : TableClient.CreateQueryFilter($"RowKey gt {after}"),
            TableClient.CreateQueryFilter($"RowKey lt {upper}"),
        };
        if (ranged is not null)
        {
            filter.Add(TableClient.CreateQueryFilter($"SharedPrefix lt {ranged.Length}"));
        }

        if (query.Tier is { } tier)
        {
            filter.Add(TableClient.CreateQueryFilter($"Tier eq {tier.ToString()}"));
        }

        if (query.Country is { } country)
        {
            filter.Add(TableClient.CreateQueryFilter($"Country eq {country.ToUpperInvariant()}"));
        }

        if (query.CompetencyId is { } competencyId)
        {
            // Column names cannot be parameters; LevelColumn makes an identifier of any id.
            filter.Add(string.Create(CultureInfo.InvariantCulture, $"{PartnerSearchRows.LevelColumn(competencyId)} ge {(int)query.EffectiveMinimumLevel!.Value}"));
        }

        if (query.LegacySpecialization is { } specialization)
        {
            filter.Add(PartnerSearchRows.SpecializationColumn(specialization) + " eq true");
        }

        // Every shard's first pageSize + 1 matches, concurrently; merged in row key order (the same order in every
        // shard), the first pageSize + 1 decide the page and whether there is more.
        var conditions = string.Join(" and ", filter);
        var perShard = await Task.WhenAll(PartnerSearchRows.Partitions.Select(shard => MatchesAsync(shard, conditions, others, query.PageSize + 1, cancellationToken)));
        var merged = perShard.SelectMany(rows => rows).OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(query.PageSize + 1).ToList();
        var more = merged.Count > query.PageSize;
        var hits = merged.Take(query.PageSize).ToList();
        return new PagedResult<PartnerSearchHit>(hits.Select(PartnerSearchRows.ToHit).ToArray(), more ? WriteToken(fingerprint, hits[^1].RowKey) : null);
    }

    private async Task<List<TableEntity>> MatchesAsync(string shard, string conditions, string[] others, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard}") + " and " + conditions;
        var rows = new List<TableEntity>(limit);
        await foreach (var row in _index.For(shard).QueryAsync<TableEntity>(filter, maxPerPage: others.Length > 0 ? CheckedPageSize : limit, select: HitColumns, cancellationToken: cancellationToken))
        {
            if (others.Length > 0 && !MatchesAll(others, PartnerSearchRows.RowTerms(row)))
            {
                continue;
            }

            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }

        return rows;
    }

    public async Task<PartnerIndexSummary> SummarizeAsync(CancellationToken cancellationToken = default)
    {
        var byTier = Enum.GetValues<Tier>().ToDictionary(t => t, _ => 0);
        var competencies = new SortedDictionary<string, (int Principal, int Expert)>(StringComparer.Ordinal);
        int partners = 0, pending = 0;
        await foreach (var row in EntriesAsync(["Tier", "DowngradePending", "CompetencyLevels"], cancellationToken))
        {
            partners++;
            var tier = StorageFormats.ParseEnum<Tier>(row.GetString("Tier") ?? nameof(Tier.Registered));
            byTier[tier] = byTier.GetValueOrDefault(tier) + 1;
            pending += row.GetBoolean("DowngradePending") == true ? 1 : 0;
            foreach (var (competencyId, level) in PartnerSearchRows.Levels(row))
            {
                var counts = competencies.GetValueOrDefault(competencyId);
                competencies[competencyId] = level switch
                {
                    CompetencyLevel.Principal => (counts.Principal + 1, counts.Expert),
                    CompetencyLevel.Expert => (counts.Principal, counts.Expert + 1),
                    _ => counts,
                };
            }
        }

        return new PartnerIndexSummary(
            partners,
            byTier,
            pending,
            competencies.ToDictionary(c => c.Key, c => new CompetencyLevelCounts(c.Value.Principal, c.Value.Expert), StringComparer.Ordinal));
    }

    public async Task IndexPartnerAsync(string partnerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        await _writer.ReindexAsync(partnerId, await _repository.GetProfileAsync(partnerId, cancellationToken), cancellationToken);
    }

    public async Task<PartnerIndexRebuildResult> RebuildAsync(CancellationToken cancellationToken = default)
    {
        // The index's entry rows (small: keys, fingerprint), then every profile row of the partners table in one
        // filtered scan; only the entries that differ are written, 16 in flight so that writes share transactions.
        var entries = new Dictionary<string, Azure.Data.Tables.TableEntity>(StringComparer.Ordinal);
        await foreach (var row in EntriesAsync(["PartitionKey", "RowKey", "PartnerId", PartnerSearchRows.RowKeysColumn, PartnerSearchRows.FingerprintColumn], cancellationToken))
        {
            entries[row.RowKey] = row;
        }

        int partners = 0, written = 0;
        var profiles = _partners.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {PartnerRows.ProfileKind}"), maxPerPage: ScanPageSize, cancellationToken: cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(profiles, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (row, ct) =>
        {
            var profile = PartnerRows.ToProfile(row);
            var rows = PartnerSearchRows.Rows(profile.Partner, profile.Status);
            var key = rows[0].RowKey;
            TableEntity? entry;
            lock (seen)
            {
                partners++;
                seen.Add(key);
                entries.TryGetValue(key, out entry);
            }

            if (entry is not null && string.Equals(entry.GetString(PartnerSearchRows.FingerprintColumn), rows[0].GetString(PartnerSearchRows.FingerprintColumn), StringComparison.Ordinal))
            {
                return;
            }

            await _writer.WriteAsync(profile.Partner, profile.Status, entry is null ? null : PartnerSearchRows.OtherRowKeys(entry), ct);
            Interlocked.Increment(ref written);
        });

        var orphans = entries.Where(e => !seen.Contains(e.Key)).Select(e => e.Value).ToArray();
        await Parallel.ForEachAsync(orphans, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken }, async (entry, ct) => await _writer.RemoveAsync(entry, ct));
        return new PartnerIndexRebuildResult(partners, written, orphans.Length);
    }

    // The entry rows of every shard, shard after shard (one row per partner).
    private async IAsyncEnumerable<TableEntity> EntriesAsync(string[] columns, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var shard in PartnerSearchRows.Partitions)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {shard} and RowKey gt {PartnerSearchRows.EntryPrefix} and RowKey lt {PartnerSearchRows.EntryPrefix[..^1] + PartnerSearchRows.RangeEnd}");
            await foreach (var row in _index.For(shard).QueryAsync<TableEntity>(filter, maxPerPage: ScanPageSize, select: columns, cancellationToken: cancellationToken))
            {
                yield return row;
            }
        }
    }

    private static bool MatchesAll(string[] words, string[] terms) =>
        words.All(w => terms.Any(t => t.StartsWith(w, StringComparison.Ordinal)));

    // The token names the last row handed out and the query it belongs to, so a token of another query is refused.
    private static string Fingerprint(PartnerSearchQuery query, string[] words)
    {
        var text = string.Join('|', "v1", string.Join(' ', words), query.Tier?.ToString(), query.CompetencyId, query.EffectiveMinimumLevel?.ToString(), query.Country?.ToUpperInvariant(), query.LegacySpecialization);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 6);
    }

    private static string WriteToken(string fingerprint, string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(fingerprint + "|" + rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? ReadToken(string? token, string fingerprint, string lower, string upper)
    {
        if (token is null)
        {
            return null;
        }

        string text;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            text = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            throw BadToken();
        }

        var separator = text.IndexOf('|', StringComparison.Ordinal);
        var rowKey = separator < 0 ? string.Empty : text[(separator + 1)..];
        if (separator < 0 || !string.Equals(text[..separator], fingerprint, StringComparison.Ordinal)
            || string.CompareOrdinal(rowKey, lower) < 0 || string.CompareOrdinal(rowKey, upper) >= 0)
        {
            throw BadToken();
        }

        return rowKey;
    }

    private static ArgumentException BadToken() =>
        new("The continuation token is not one this search gave, or the search's text or filters changed since.", nameof(PartnerSearchQuery.ContinuationToken));
}
