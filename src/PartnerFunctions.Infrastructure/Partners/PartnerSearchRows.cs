using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// The rows of the partner search index (see docs/data-model.md, <c>partnersearch</c>). A partner's rows all live in
/// one of <see cref="Shards"/> partitions (by a hash of its id), so they are written in one transaction and partners
/// of the same shard share transactions; queries read every shard and merge by row key. Per partner:
/// the entry <c>id~{pk}</c> (point-readable, lists the partner's other rows), <c>name~{name words}~{pk}</c> (listing
/// in name order) and <c>term~{word}~{pk}</c> per distinct word of its name and id (text search). Every row carries
/// what a hit shows and the filter columns, so any row answers a query on its own.
/// </summary>
internal static class PartnerSearchRows
{
    /// <summary>
    /// Partitions of the index. Few, so that concurrent writes share transactions and a query reads few partitions;
    /// not one, because Azurite looks every written or point-read row up by scanning its partition (one partition of
    /// 70,000 rows cost ≈ 4 ms per row looked up, measured).
    /// </summary>
    public const int Shards = StorageNames.PartnerSearchShardCount;
    public const string EntryPrefix = "id~";
    public const string NamePrefix = "name~";
    public const string TermPrefix = "term~";

    /// <summary>Upper bound of a key range: every encoded character sorts below '~'.</summary>
    public const string RangeEnd = "~~";

    /// <summary>Words indexed per partner (name and id): bounds the rows a partner costs.</summary>
    public const int MaxTerms = 16;

    public const string TermsColumn = "Terms";
    public const string SharedPrefixColumn = "SharedPrefix";
    public const string RowKeysColumn = "RowKeys";
    public const string FingerprintColumn = "Fingerprint";

    private const int MaxSortNameLength = 400;

    private static string ShardName(int shard) => "s" + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private const string None = "";

    public static string EntryKey(string partnerId) => EntryPrefix + KeyEncoding.Encode(partnerId);

    /// <summary>Every shard's partition key.</summary>
    public static IReadOnlyList<string> Partitions { get; } = Enumerable.Range(0, Shards).Select(ShardName).ToArray();

    /// <summary>
    /// The partition of a partner's rows: FNV-1a (stable across processes and versions) of its encoded id without the
    /// last two characters, so partners next to each other in id order (a nightly page, 8 in flight) mostly share a
    /// shard and their index writes share transactions, while the blocks spread evenly over the shards.
    /// </summary>
    public static string Partition(string partnerId)
    {
        var pk = KeyEncoding.Encode(partnerId);
        var block = pk.Length > 2 ? pk.AsSpan(0, pk.Length - 2) : [];
        var hash = 2166136261u;
        foreach (var c in block)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return ShardName((int)(hash % Shards));
    }

    /// <summary>The filter column of a competency: its level (1 Principal, 2 Expert) when held, absent otherwise.</summary>
    public static string LevelColumn(string competencyId) => "L_" + ColumnSafe(competencyId);

    /// <summary>The filter column of a legacy specialization: true when the partner had it.</summary>
    public static string SpecializationColumn(string specialization) => "S_" + ColumnSafe(specialization);

    /// <summary>A search word as it appears in keys (key-encoded; an encoded prefix is a prefix of the encoded word).</summary>
    public static string EncodeTerm(string word) => KeyEncoding.Encode(word);

    /// <summary>The encoded, distinct, ordinally sorted terms of a partner (its name words and id words).</summary>
    public static string[] Terms(string partnerId, string name) =>
        SearchText.Words(name).Concat(SearchText.Words(partnerId))
            .Select(EncodeTerm)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Take(MaxTerms)
            .ToArray();

    /// <summary>Every row of a partner's index entry; the entry row first.</summary>
    public static List<TableEntity> Rows(Partner partner, PartnerStatus status)
    {
        var pk = KeyEncoding.Encode(partner.Id);
        var terms = Terms(partner.Id, partner.Name);
        var sortName = string.Join('.', SearchText.Words(partner.Name).Select(EncodeTerm));
        if (sortName.Length > MaxSortNameLength)
        {
            sortName = sortName[..MaxSortNameLength];
        }

        var rows = new List<TableEntity>(terms.Length + 2)
        {
            Row(EntryKey(partner.Id), partner, status, terms),
            Row(NamePrefix + sortName + KeyEncoding.Separator + pk, partner, status, terms),
        };
        for (var i = 0; i < terms.Length; i++)
        {
            // The length of the longest prefix this term shares with a smaller term of the same partner: a query
            // prefix longer than that matches this term and no smaller one, so "SharedPrefix lt len" keeps exactly
            // one row per partner (its smallest matching term).
            var row = Row(TermPrefix + terms[i] + KeyEncoding.Separator + pk, partner, status, terms);
            row[SharedPrefixColumn] = i == 0 ? 0 : CommonPrefixLength(terms[i - 1], terms[i]);
            rows.Add(row);
        }

        var entry = rows[0];
        entry[RowKeysColumn] = StorageJson.Serialize(rows.Skip(1).Select(r => r.RowKey));
        entry[FingerprintColumn] = Fingerprint(rows);
        return rows;
    }

    /// <summary>True when two statuses show the same in the index (tier state and competency levels).</summary>
    public static bool SameIndexedStatus(PartnerStatus a, PartnerStatus b) =>
        a.TierState == b.TierState
        && a.CompetencyLevels.Count(l => l.Value != CompetencyLevel.None) == b.CompetencyLevels.Count(l => l.Value != CompetencyLevel.None)
        && a.CompetencyLevels.All(l => l.Value == CompetencyLevel.None || (b.CompetencyLevels.TryGetValue(l.Key, out var level) && level == l.Value));

    /// <summary>The row keys an entry row lists (its partner's other rows).</summary>
    public static IReadOnlyList<string> OtherRowKeys(TableEntity entry) =>
        entry.GetString(RowKeysColumn) is { Length: > 0 } json ? StorageJson.Deserialize<string[]>(json) ?? [] : [];

    public static PartnerSearchHit ToHit(TableEntity row)
    {
        return new PartnerSearchHit(
            row.GetString("PartnerId") ?? string.Empty,
            row.GetString("Name") ?? string.Empty,
            row.GetString("Country") ?? string.Empty,
            ToTierState(row),
            Levels(row),
            row.GetString("LegacySpecializations") is { Length: > 0 } specs ? StorageJson.Deserialize<string[]>(specs) ?? [] : []);
    }

    public static TierState ToTierState(TableEntity row)
    {
        var pending = row.GetString("PendingTier");
        var grace = row.GetString("GraceEndsOn");
        return new TierState(
            StorageFormats.ParseEnum<Tier>(row.GetString("Tier") ?? nameof(Tier.Registered)),
            string.IsNullOrEmpty(pending) ? null : StorageFormats.ParseEnum<Tier>(pending),
            string.IsNullOrEmpty(grace) ? null : StorageFormats.ParseDateOrNull(grace),
            row.GetBoolean("AwaitingStaffDecision") ?? false);
    }

    public static Dictionary<string, CompetencyLevel> Levels(TableEntity row) =>
        row.GetString("CompetencyLevels") is { Length: > 0 } json
            ? StorageJson.Deserialize<Dictionary<string, CompetencyLevel>>(json) ?? new(StringComparer.Ordinal)
            : new(StringComparer.Ordinal);

    /// <summary>The terms a row's partner has (for the words of a query that its range did not select).</summary>
    public static string[] RowTerms(TableEntity row) =>
        (row.GetString(TermsColumn) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static TableEntity Row(string rowKey, Partner partner, PartnerStatus status, string[] terms)
    {
        var state = status.TierState;
        var row = new TableEntity(Partition(partner.Id), rowKey)
        {
            ["PartnerId"] = partner.Id,
            ["Name"] = partner.Name,
            ["Country"] = partner.Country.ToUpperInvariant(),
            ["LegacySpecializations"] = StorageJson.Serialize(partner.LegacySpecializations),
            ["Tier"] = state.Current.ToString(),
            ["PendingTier"] = state.PendingTier?.ToString() ?? None,
            ["GraceEndsOn"] = StorageFormats.Date(state.GraceEndsOn) ?? None,
            ["AwaitingStaffDecision"] = state.AwaitingStaffDecision,
            ["DowngradePending"] = state.DowngradePending,
            ["CompetencyLevels"] = StorageJson.Serialize(new SortedDictionary<string, CompetencyLevel>(status.CompetencyLevels.ToDictionary(), StringComparer.Ordinal)),
            [TermsColumn] = string.Join(' ', terms),
        };
        foreach (var (competencyId, level) in status.CompetencyLevels)
        {
            if (level != CompetencyLevel.None)
            {
                row[LevelColumn(competencyId)] = (int)level;
            }
        }

        foreach (var specialization in partner.LegacySpecializations)
        {
            row[SpecializationColumn(specialization)] = true;
        }

        return row;
    }

    // What the partner's rows say, so that a rebuild skips entries already right.
    private static string Fingerprint(List<TableEntity> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(row.RowKey).Append('\n');
        }

        foreach (var (key, value) in rows[0].OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key is not ("odata.etag" or RowKeysColumn or FingerprintColumn or "PartitionKey" or "RowKey" or "Timestamp"))
            {
                text.Append(key).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())), 0, 16);
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    // Property names must be identifiers: letters and digits kept, '_' doubled, anything else "_XX" per UTF-8 byte.
    private static string ColumnSafe(string id)
    {
        var builder = new StringBuilder(id.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (c == '_')
            {
                builder.Append("__");
            }
            else
            {
                builder.Append('_').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
