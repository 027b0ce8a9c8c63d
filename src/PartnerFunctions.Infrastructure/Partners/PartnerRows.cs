using System.Globalization;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>
/// The row kinds of the partners table and their mapping. One partition per partner; every RowKey starts with the
/// partner's key so that RowKeys are unique in the whole table. Kinds sort decision &lt; person &lt; profile &lt;
/// reference &lt; revenue (decision-id markers sort before decisions), so "everything but decisions" is the key range
/// above "{pk}~decision~~".
/// </summary>
internal static class PartnerRows
{
    public const string KindColumn = "Kind";
    public const string ProfileKind = "profile";
    public const string PersonKind = "person";
    public const string RevenueKind = "revenue";
    public const string ReferenceKind = "reference";
    public const string DecisionKind = "decision";

    /// <summary>A person excluded by a resolved duplicate (RK "{pk}~exclusion~{personId}"; sorts between decisions and people).</summary>
    public const string ExclusionKind = "exclusion";

    /// <summary>Marks a decision id as written (RK "{pk}~decisionid~{id}", sorts before the decision rows).</summary>
    public const string DecisionIdKind = "decisionid";

    // Status columns are always written (empty string = none) so that a Merge can clear them: a merge leaves out
    // null properties, and would keep the old value.
    private const string None = "";

    public static string PartitionKey(string partnerId) => KeyEncoding.Encode(partnerId);

    public static string ProfileKey(string pk) => KeyEncoding.Join(pk, ProfileKind);

    public static string PersonKey(string pk, string personId) => KeyEncoding.Join(pk, PersonKind, KeyEncoding.Encode(personId));

    public static string ExclusionKey(string pk, string personId) => KeyEncoding.Join(pk, ExclusionKind, KeyEncoding.Encode(personId));

    public static string RevenueKey(string pk, string lineId) => KeyEncoding.Join(pk, RevenueKind, KeyEncoding.Encode(lineId));

    public static string ReferenceKey(string pk, string referenceId) => KeyEncoding.Join(pk, ReferenceKind, KeyEncoding.Encode(referenceId));

    /// <summary>Newest first: inverted ticks of the decision time, then the decision id.</summary>
    public static string DecisionKey(string pk, DateTimeOffset at, string decisionId) =>
        KeyEncoding.Join(pk, DecisionKind, (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture), KeyEncoding.Encode(decisionId));

    /// <summary>The row that records that a decision id was written, whatever its timestamp: a replay's insert of it fails.</summary>
    public static string DecisionIdKey(string pk, string decisionId) => KeyEncoding.Join(pk, DecisionIdKind, KeyEncoding.Encode(decisionId));

    /// <summary>The prefix of a kind's row keys in a partition ("{pk}~{kind}~").</summary>
    public static string KindPrefix(string pk, string kind) => KeyEncoding.Join(pk, kind) + KeyEncoding.Separator;

    /// <summary>A revenue line's id from its natural key, so re-importing the same line rewrites the same row.</summary>
    public static string RevenueLineId(string source, string lineReference) => source + ":" + lineReference;

    // ---- profile ----------------------------------------------------------------------------------------------

    /// <summary>The partner's own columns (never the status ones: a merge of these leaves the status alone).</summary>
    public static TableEntity ProfileDetails(Partner partner)
    {
        var pk = PartitionKey(partner.Id);
        return new TableEntity(pk, ProfileKey(pk))
        {
            [KindColumn] = ProfileKind,
            ["PartnerId"] = partner.Id,
            ["Name"] = partner.Name,
            ["Country"] = partner.Country,
            ["Language"] = partner.Language,
            ["Email"] = partner.Email,
            ["LegacySpecializations"] = StorageJson.Serialize(partner.LegacySpecializations),
            ["LegacyTier"] = partner.LegacyTier.ToString(),
        };
    }

    /// <summary>The status columns only (merged into the profile with If-Match when a decision is written).</summary>
    public static TableEntity ProfileStatus(string partnerId, PartnerStatus status)
    {
        var pk = PartitionKey(partnerId);
        var state = status.TierState;
        return new TableEntity(pk, ProfileKey(pk))
        {
            ["Tier"] = state.Current.ToString(),
            ["PendingTier"] = state.PendingTier?.ToString() ?? None,
            ["GraceEndsOn"] = StorageFormats.Date(state.GraceEndsOn) ?? None,
            ["AwaitingStaffDecision"] = state.AwaitingStaffDecision,
            ["CompetencyLevels"] = StorageJson.Serialize(status.CompetencyLevels),
            ["LastEvaluatedOn"] = StorageFormats.Date(status.LastEvaluatedOn) ?? None,
            ["DefinitionVersion"] = status.DefinitionVersion ?? None,
            ["LastDecisionId"] = status.LastDecisionId ?? None,
            ["TierOverride"] = status.Override is null ? None : StorageJson.Serialize(status.Override),
        };
    }

    public static PartnerProfile ToProfile(TableEntity row)
    {
        var partner = new Partner(
            row.GetString("PartnerId") ?? KeyEncoding.Decode(row.PartitionKey),
            row.GetString("Name") ?? string.Empty,
            row.GetString("Country") ?? string.Empty,
            row.GetString("Language") ?? string.Empty,
            row.GetString("Email") ?? string.Empty,
            Json<string[]>(row, "LegacySpecializations") ?? [],
            StorageFormats.ParseEnum<Tier>(row.GetString("LegacyTier") ?? nameof(Tier.Registered)));

        var tier = NoneToNull(row.GetString("Tier"));
        var status = tier is null
            ? PartnerStatus.Initial(partner.LegacyTier)
            : new PartnerStatus(
                new TierState(
                    StorageFormats.ParseEnum<Tier>(tier),
                    NoneToNull(row.GetString("PendingTier")) is { } pending ? StorageFormats.ParseEnum<Tier>(pending) : null,
                    StorageFormats.ParseDateOrNull(NoneToNull(row.GetString("GraceEndsOn"))),
                    row.GetBoolean("AwaitingStaffDecision") ?? false),
                Json<Dictionary<string, CompetencyLevel>>(row, "CompetencyLevels") ?? new Dictionary<string, CompetencyLevel>(StringComparer.Ordinal),
                StorageFormats.ParseDateOrNull(NoneToNull(row.GetString("LastEvaluatedOn"))),
                NoneToNull(row.GetString("DefinitionVersion")),
                NoneToNull(row.GetString("LastDecisionId")),
                NoneToNull(row.GetString("TierOverride")) is { } stored ? StorageJson.Deserialize<TierOverride>(stored) : null);
        return new PartnerProfile(partner, status, row.ETag.ToString());
    }

    // ---- person -------------------------------------------------------------------------------------------------

    public static TableEntity Person(string partnerId, Person person)
    {
        var pk = PartitionKey(partnerId);
        return new TableEntity(pk, PersonKey(pk, person.Id))
        {
            [KindColumn] = PersonKind,
            ["PersonId"] = person.Id,
            ["Name"] = person.Name,
            ["EmployedFrom"] = StorageFormats.Date(person.EmployedFrom),
            ["EmployedTo"] = StorageFormats.Date(person.EmployedTo),
            ["Email"] = person.Email,
            ["Accreditations"] = StorageJson.Serialize(person.Accreditations.Select(a => new AccreditationJson(a.CompetencyId, a.CompletedOn, a.ExpiresOn, a.CertificateId))),
        };
    }

    // DuplicateOf is not a person column: it comes from the person's exclusion row (see ToSnapshot).
    public static Person ToPerson(TableEntity row) => new(
        row.GetString("PersonId") ?? string.Empty,
        row.GetString("Name") ?? string.Empty,
        StorageFormats.ParseDate(row.GetString("EmployedFrom") ?? "0001-01-01"),
        StorageFormats.ParseDateOrNull(row.GetString("EmployedTo")),
        (Json<AccreditationJson[]>(row, "Accreditations") ?? []).Select(a => new Accreditation(a.CompetencyId, a.CompletedOn, a.ExpiresOn) { CertificateId = a.CertificateId }).ToArray())
    {
        Email = NoneToNull(row.GetString("Email")),
    };

    // ---- person exclusion -----------------------------------------------------------------------------------------

    public static TableEntity Exclusion(string partnerId, PersonExclusion exclusion)
    {
        var pk = PartitionKey(partnerId);
        return new TableEntity(pk, ExclusionKey(pk, exclusion.PersonId))
        {
            [KindColumn] = ExclusionKind,
            ["PersonId"] = exclusion.PersonId,
            ["KeeperPartnerId"] = exclusion.KeeperPartnerId,
            ["DuplicateKey"] = exclusion.DuplicateKey,
            ["ResolvedBy"] = exclusion.ResolvedBy,
            ["ResolvedAt"] = exclusion.ResolvedAt,
        };
    }

    public static PersonExclusion ToExclusion(TableEntity row) => new(
        row.GetString("PersonId") ?? string.Empty,
        row.GetString("KeeperPartnerId") ?? string.Empty,
        row.GetString("DuplicateKey") ?? string.Empty,
        row.GetString("ResolvedBy") ?? string.Empty,
        row.GetDateTimeOffset("ResolvedAt") ?? DateTimeOffset.MinValue);

    // ---- revenue ------------------------------------------------------------------------------------------------

    public static TableEntity Revenue(string partnerId, RevenueEntry entry)
    {
        var pk = PartitionKey(partnerId);
        var line = entry.Line;
        return new TableEntity(pk, RevenueKey(pk, line.Id))
        {
            [KindColumn] = RevenueKind,
            ["LineId"] = line.Id,
            ["CompetencyId"] = line.CompetencyId,
            ["Period"] = StorageFormats.Month(line.Period),
            ["Amount"] = StorageFormats.Decimal(line.Amount),
            ["Currency"] = line.Currency,
            ["Source"] = entry.Source,
        };
    }

    public static RevenueLine ToRevenueLine(TableEntity row) => new(
        row.GetString("LineId") ?? string.Empty,
        row.GetString("CompetencyId") ?? string.Empty,
        StorageFormats.ParseMonth(row.GetString("Period") ?? "0001-01"),
        StorageFormats.ParseDecimal(row.GetString("Amount") ?? "0"),
        row.GetString("Currency") ?? string.Empty);

    // ---- reference ----------------------------------------------------------------------------------------------

    /// <summary>The reference's details and current state (merged: history and documents stay as stored).</summary>
    public static TableEntity ReferenceDetails(string partnerId, CustomerReference reference)
    {
        var pk = PartitionKey(partnerId);
        return new TableEntity(pk, ReferenceKey(pk, reference.Id))
        {
            [KindColumn] = ReferenceKind,
            ["ReferenceId"] = reference.Id,
            ["CompetencyId"] = reference.CompetencyId,
            ["CustomerName"] = reference.CustomerName,
            ["Market"] = ProgramDefinitionLoader.MarketName(reference.CustomerMarket),
            ["State"] = reference.State.ToString(),
            ["Satisfaction"] = StorageFormats.Decimal(reference.Satisfaction) ?? None,
        };
    }

    /// <summary>The whole reference row, history and documents included.</summary>
    public static TableEntity Reference(string partnerId, CustomerReference reference, IReadOnlyList<ReferenceStateChange> history, IReadOnlyList<string> documents)
    {
        var row = ReferenceDetails(partnerId, reference);
        row["History"] = StorageJson.Serialize(history);
        row["Documents"] = StorageJson.Serialize(documents);
        return row;
    }

    public static CustomerReference ToReference(TableEntity row) => new(
        row.GetString("ReferenceId") ?? string.Empty,
        row.GetString("CompetencyId") ?? string.Empty,
        row.GetString("CustomerName") ?? string.Empty,
        ProgramDefinitionLoader.ParseMarket(row.GetString("Market")) ?? Market.Enterprise,
        StorageFormats.ParseEnum<ReferenceState>(row.GetString("State") ?? nameof(ReferenceState.Submitted)),
        StorageFormats.ParseDecimalOrNull(NoneToNull(row.GetString("Satisfaction"))));

    public static StoredReference ToStoredReference(string partnerId, TableEntity row) => new(
        partnerId,
        ToReference(row),
        Json<ReferenceStateChange[]>(row, "History") ?? [],
        Json<string[]>(row, "Documents") ?? [],
        row.ETag.ToString());

    // ---- decision -----------------------------------------------------------------------------------------------

    public static TableEntity Decision(TierDecision decision)
    {
        var pk = PartitionKey(decision.PartnerId);
        var row = new TableEntity(pk, DecisionKey(pk, decision.At, decision.DecisionId))
        {
            [KindColumn] = DecisionKind,
            ["DecisionId"] = decision.DecisionId,
            ["PartnerId"] = decision.PartnerId,
            ["DecisionKind"] = decision.Kind.ToString(),
            ["At"] = decision.At.ToUniversalTime(),
            ["DefinitionVersion"] = decision.DefinitionVersion,
            ["FromTier"] = decision.From.ToString(),
            ["ToTier"] = decision.To.ToString(),
            ["ChangeKind"] = decision.ChangeKind.ToString(),
            ["Reason"] = decision.Reason,
            ["RunId"] = decision.RunId,
            ["DecidedBy"] = decision.DecidedBy,
        };
        if (decision.Why is { } why)
        {
            row["ReasonCode"] = why.Code.ToString();
            row["ReasonSupported"] = why.Supported.ToString();
            row["ReasonHeld"] = why.Held.ToString();
            row["ReasonUntil"] = StorageFormats.Date(why.Until);
        }

        if (decision.Receipt is not null)
        {
            StorageJson.WriteLarge(row, "Receipt", StorageJson.Serialize(decision.Receipt));
        }

        return row;
    }

    public static TableEntity DecisionIdMarker(TierDecision decision)
    {
        var pk = PartitionKey(decision.PartnerId);
        return new TableEntity(pk, DecisionIdKey(pk, decision.DecisionId))
        {
            [KindColumn] = DecisionIdKind,
            ["DecisionId"] = decision.DecisionId,
            ["DecisionRowKey"] = DecisionKey(pk, decision.At, decision.DecisionId),
        };
    }

    public static TierDecision ToDecision(TableEntity row)
    {
        var receipt = StorageJson.ReadLarge(row, "Receipt");
        return new TierDecision(
            row.GetString("DecisionId") ?? string.Empty,
            row.GetString("PartnerId") ?? KeyEncoding.Decode(row.PartitionKey),
            StorageFormats.ParseEnum<DecisionKind>(row.GetString("DecisionKind") ?? nameof(Domain.Persistence.DecisionKind.Evaluation)),
            row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            row.GetString("DefinitionVersion") ?? string.Empty,
            StorageFormats.ParseEnum<Tier>(row.GetString("FromTier") ?? nameof(Tier.Registered)),
            StorageFormats.ParseEnum<Tier>(row.GetString("ToTier") ?? nameof(Tier.Registered)),
            StorageFormats.ParseEnum<TierChangeKind>(row.GetString("ChangeKind") ?? nameof(TierChangeKind.Unchanged)),
            row.GetString("Reason") ?? string.Empty,
            receipt is null ? null : StorageJson.Deserialize<EvaluationReceipt>(receipt),
            row.GetString("RunId"),
            row.GetString("DecidedBy") ?? string.Empty,
            row.GetString("ReasonCode") is { } code
                ? new TierReason(
                    StorageFormats.ParseEnum<TierReasonCode>(code),
                    StorageFormats.ParseEnum<Tier>(row.GetString("ReasonSupported") ?? nameof(Tier.Registered)),
                    StorageFormats.ParseEnum<Tier>(row.GetString("ReasonHeld") ?? nameof(Tier.Registered)),
                    StorageFormats.ParseDateOrNull(row.GetString("ReasonUntil")))
                : null);
    }

    // ---- a whole partition --------------------------------------------------------------------------------------

    /// <summary>A partner's snapshot from its rows (any order, decisions ignored); null when there is no profile row.</summary>
    public static PartnerSnapshot? ToSnapshot(IReadOnlyList<TableEntity> rows)
    {
        PartnerProfile? profile = null;
        var people = new List<Person>();
        var revenue = new List<RevenueLine>();
        var references = new List<CustomerReference>();
        Dictionary<string, string>? keepers = null;
        foreach (var row in rows)
        {
            switch (row.GetString(KindColumn))
            {
                case ProfileKind:
                    profile = ToProfile(row);
                    break;
                case PersonKind:
                    people.Add(ToPerson(row));
                    break;
                case RevenueKind:
                    revenue.Add(ToRevenueLine(row));
                    break;
                case ReferenceKind:
                    references.Add(ToReference(row));
                    break;
                case ExclusionKind:
                    (keepers ??= new(StringComparer.Ordinal))[row.GetString("PersonId") ?? string.Empty] = row.GetString("KeeperPartnerId") ?? string.Empty;
                    break;
                default:
                    break;
            }
        }

        if (keepers is not null)
        {
            for (var i = 0; i < people.Count; i++)
            {
                if (keepers.TryGetValue(people[i].Id, out var keeper))
                {
                    people[i] = people[i] with { DuplicateOf = keeper };
                }
            }
        }

        return profile is null ? null : new PartnerSnapshot(profile, new PartnerEvidence(profile.Partner, people, revenue, references));
    }

    private static string? NoneToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static T? Json<T>(TableEntity row, string column)
        where T : class => row.GetString(column) is { Length: > 0 } json ? StorageJson.Deserialize<T>(json) : null;

    private sealed record AccreditationJson(string CompetencyId, DateOnly CompletedOn, DateOnly? ExpiresOn, string? CertificateId = null);
}
