using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>
/// The diff of two definition versions: every kind of rule a definition holds, edited one at a time on the default
/// definition (the older version), and the changes the diff must list for it — no more, no fewer.
/// </summary>
public sealed class ProgramDefinitionDiffTests
{
    private const string Smb = "endpoint-security-smb";

    public static TheoryData<string> Cases => new(Edits.Keys);

    private static Dictionary<string, (Action<JsonNode> Edit, Expected Changes)> Edits { get; } = new()
    {
        ["description and version only"] = (
            root =>
            {
                root["version"] = 2;
                root["description"] = "Same rules, new words.";
            },
            new()),
        ["silver revenue"] = (
            root => root["tiers"]![0]!["minRevenue"] = 150000,
            new(Thresholds: [new(Tier.Silver, null, null, Clause.TotalRevenue, 100000m, 150000m)])),
        ["gold competencies"] = (
            root => root["tiers"]![1]!["minCompetencies"] = 2,
            new(Thresholds: [new(Tier.Gold, null, null, Clause.CompetenciesHeld, 1m, 2m)])),
        ["platinum revenue and competencies"] = (
            root =>
            {
                root["tiers"]![2]!["minRevenue"] = 2500000;
                root["tiers"]![2]!["minCompetencies"] = 4;
            },
            new(Thresholds:
            [
                new(Tier.Platinum, null, null, Clause.TotalRevenue, 2000000m, 2500000m),
                new(Tier.Platinum, null, null, Clause.CompetenciesHeld, 3m, 4m),
            ])),
        ["tiers listed in another order"] = (
            root =>
            {
                var tiers = root["tiers"]!.AsArray();
                var silver = tiers[0]!.DeepClone();
                tiers.RemoveAt(0);
                tiers.Add(silver);
            },
            new()),
        ["principal accredited people"] = (
            root => TestDefinitions.Level(root, 1, "principal")["minAccreditedPeople"] = 1,
            new(Thresholds: [new(null, Smb, CompetencyLevel.Principal, Clause.AccreditedPeople, 2m, 1m)])),
        ["principal competency revenue"] = (
            root => TestDefinitions.Level(root, 1, "principal")["minRevenue"] = 20000,
            new(Thresholds: [new(null, Smb, CompetencyLevel.Principal, Clause.CompetencyRevenue, 50000m, 20000m)])),
        ["expert validated references"] = (
            root => TestDefinitions.Level(root, 1, "expert")["minValidatedReferences"] = 5,
            new(Thresholds: [new(null, Smb, CompetencyLevel.Expert, Clause.ValidatedReferences, 3m, 5m)])),
        ["expert satisfaction raised"] = (
            root => TestDefinitions.Level(root, 1, "expert")["minSatisfaction"] = 4.5m,
            new(Thresholds: [new(null, Smb, CompetencyLevel.Expert, Clause.Satisfaction, 4.0m, 4.5m)])),
        ["expert satisfaction no longer required"] = (
            root => TestDefinitions.Level(root, 1, "expert").Remove("minSatisfaction"),
            new(Thresholds: [new(null, Smb, CompetencyLevel.Expert, Clause.Satisfaction, 4.0m, null)])),
        ["principal satisfaction newly required"] = (
            root => TestDefinitions.Level(root, 1, "principal")["minSatisfaction"] = 3.5m,
            new(Thresholds: [new(null, Smb, CompetencyLevel.Principal, Clause.Satisfaction, null, 3.5m)])),
        ["one revenue written with decimals, same value"] = (
            root => TestDefinitions.Level(root, 1, "principal")["minRevenue"] = 50000.00m,
            new()),
        ["competency renamed"] = (
            root => root["competencies"]![1]!["name"] = "Endpoint Security (SMB)",
            new(Competencies: [new(Smb, DefinitionChangeKind.Changed, "Endpoint Security for Small Business", "Endpoint Security (SMB)", Market.SmallBusiness, Market.SmallBusiness, [], [])])),
        ["competency market"] = (
            root => root["competencies"]![1]!["market"] = "midmarket",
            new(Competencies: [new(Smb, DefinitionChangeKind.Changed, "Endpoint Security for Small Business", "Endpoint Security for Small Business", Market.SmallBusiness, Market.Midmarket, [], [])])),
        ["legacy specialization folded in and another out"] = (
            root => root["competencies"]![7]!["legacySpecializations"] = new JsonArray("tech-identity"),
            new(Competencies: [new("identity-authentication", DefinitionChangeKind.Changed, "Identity and Authentication", "Identity and Authentication", Market.Midmarket, Market.Midmarket, ["tech-identity"], [])])),
        ["legacy specialization no longer folded in"] = (
            root => root["competencies"]![8]!["legacySpecializations"] = new JsonArray(),
            new(Competencies: [new("backup-recovery-ent", DefinitionChangeKind.Changed, "Backup and Recovery", "Backup and Recovery", Market.Enterprise, Market.Enterprise, [], ["tech-netbackup"])])),
        ["competency added"] = (
            root =>
            {
                var added = root["competencies"]![7]!.DeepClone();
                added["id"] = "cloud-security";
                added["name"] = "Cloud Security";
                added["levels"]!["expert"]!.AsObject().Remove("minSatisfaction");
                root["competencies"]!.AsArray().Add(added);
            },
            new(
                Thresholds:
                [
                    new(null, "cloud-security", CompetencyLevel.Principal, Clause.AccreditedPeople, null, 2m),
                    new(null, "cloud-security", CompetencyLevel.Principal, Clause.CompetencyRevenue, null, 50000m),
                    new(null, "cloud-security", CompetencyLevel.Principal, Clause.ValidatedReferences, null, 1m),
                    new(null, "cloud-security", CompetencyLevel.Expert, Clause.AccreditedPeople, null, 4m),
                    new(null, "cloud-security", CompetencyLevel.Expert, Clause.CompetencyRevenue, null, 250000m),
                    new(null, "cloud-security", CompetencyLevel.Expert, Clause.ValidatedReferences, null, 3m),
                ],
                Competencies: [new("cloud-security", DefinitionChangeKind.Added, null, "Cloud Security", null, Market.Midmarket, [], [])])),
        ["competency removed"] = (
            root => root["competencies"]!.AsArray().RemoveAt(8),
            new(
                Thresholds:
                [
                    new(null, "backup-recovery-ent", CompetencyLevel.Principal, Clause.AccreditedPeople, 2m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Principal, Clause.CompetencyRevenue, 50000m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Principal, Clause.ValidatedReferences, 1m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Expert, Clause.AccreditedPeople, 4m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Expert, Clause.CompetencyRevenue, 250000m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Expert, Clause.ValidatedReferences, 3m, null),
                    new(null, "backup-recovery-ent", CompetencyLevel.Expert, Clause.Satisfaction, 4.0m, null),
                ],
                Competencies: [new("backup-recovery-ent", DefinitionChangeKind.Removed, "Backup and Recovery", null, Market.Enterprise, null, [], ["tech-netbackup"])])),
        ["competencies listed in another order"] = (
            root =>
            {
                var catalog = root["competencies"]!.AsArray();
                var first = catalog[0]!.DeepClone();
                catalog.RemoveAt(0);
                catalog.Add(first);
            },
            new()),
        ["effective date"] = (
            root => root["effectiveDate"] = "2027-01-01",
            new(Settings: [new(DefinitionSetting.EffectiveDate, "2026-10-01", "2027-01-01")])),
        ["currency"] = (
            root => root["currency"] = "USD",
            new(Settings: [new(DefinitionSetting.Currency, "EUR", "USD")])),
        ["country group added"] = (
            root => root["countryGroups"]!.AsArray().Add(JsonNode.Parse("""
                { "id": "dach", "name": "DACH", "countries": ["DE", "AT"], "tiers": [ { "tier": "gold", "minRevenue": 600000 } ],
                  "competencies": [ { "id": "encryption", "levels": { "principal": { "minRevenue": 60000 } } } ] }
                """)),
            new(Settings: [new(DefinitionSetting.CountryGroup, "", "dach: AT DE; gold minRevenue 600000; encryption principal minRevenue 60000")])),
        ["country group changed"] = (
            root => root["countryGroups"]![1]!["countries"] = new JsonArray("GB", "IE"),
            new(Settings: [new(DefinitionSetting.CountryGroup, "united-kingdom: GB; currency GBP", "united-kingdom: GB IE; currency GBP")])),
        ["one month's rate corrected"] = (
            root => root["currencies"]![0]!["rates"]![13]!["rate"] = 1.08m,
            new(Settings: [new(DefinitionSetting.ExchangeRates, "CHF: 2025-10..2026-09 1.065; 2026-10..2027-09 1.07", "CHF: 2025-10..2026-09 1.065; 2026-10 1.07; 2026-11 1.08; 2026-12..2027-09 1.07")])),
        ["currency removed"] = (
            root =>
            {
                root["currencies"]!.AsArray().RemoveAt(1);
                root["countryGroups"]![1]!.AsObject().Remove("currency");
            },
            new(Settings: [new(DefinitionSetting.CountryGroup, "united-kingdom: GB; currency GBP", "united-kingdom: GB"), new(DefinitionSetting.ExchangeRates, "GBP: 2025-10..2026-09 1.17; 2026-10..2027-09 1.16", "")])),
        ["revenue window"] = (
            root => root["revenueWindowMonths"] = 6,
            new(Settings: [new(DefinitionSetting.RevenueWindowMonths, "12", "6")])),
        ["accreditation validity"] = (
            root => root["accreditationValidityMonths"] = 36,
            new(Settings: [new(DefinitionSetting.AccreditationValidityMonths, "24", "36")])),
        ["accreditation reminder days"] = (
            root => root["accreditationReminderDays"] = new JsonArray(90, 30),
            new(Settings: [new(DefinitionSetting.AccreditationReminderDays, "90,60,30", "90,30")])),
        ["reminder days written in another order"] = (
            root => root["accreditationReminderDays"] = new JsonArray(30, 90, 60),
            new()),
        ["migration reminder days"] = (
            root => root["migrationReminderDays"] = new JsonArray(14, 1),
            new(Settings: [new(DefinitionSetting.MigrationReminderDays, "30,7,1", "14,1")])),
        ["legacy parallel run"] = (
            root => root["legacyParallelRunMonths"] = 6,
            new(Settings: [new(DefinitionSetting.LegacyParallelRunMonths, "12", "6")])),
        ["downgrade mode"] = (
            root => root["downgrade"]!["mode"] = "staffDecision",
            new(Settings: [new(DefinitionSetting.DowngradeMode, "GracePeriod", "StaffDecision")])),
        ["grace period"] = (
            root => root["downgrade"]!["gracePeriodDays"] = 60,
            new(Settings: [new(DefinitionSetting.GracePeriodDays, "90", "60")])),
        ["retired specialization added"] = (
            root => root["retiredSpecializations"]!.AsArray().Add(new JsonObject { ["id"] = "market-education", ["note"] = "Ends at rollout." }),
            new(Retired: [new("market-education", DefinitionChangeKind.Added, null, "Ends at rollout.")])),
        ["retired specialization removed"] = (
            root => root["retiredSpecializations"]!.AsArray().RemoveAt(4),
            new(Retired: [new("market-public-sector", DefinitionChangeKind.Removed, PublicSectorNote, null)])),
        ["retired specialization note"] = (
            root => root["retiredSpecializations"]![4]!["note"] = "Ends at rollout.",
            new(Retired: [new("market-public-sector", DefinitionChangeKind.Changed, PublicSectorNote, "Ends at rollout.")])),
        ["several rules at once"] = (
            root =>
            {
                root["currency"] = "USD";
                root["tiers"]![0]!["minRevenue"] = 150000;
                TestDefinitions.Level(root, 1, "principal")["minAccreditedPeople"] = 1;
                TestDefinitions.Level(root, 0, "expert")["minRevenue"] = 300000;
            },
            new(
                Settings: [new(DefinitionSetting.Currency, "EUR", "USD")],
                Thresholds:
                [
                    new(Tier.Silver, null, null, Clause.TotalRevenue, 100000m, 150000m),
                    new(null, "endpoint-security-ent", CompetencyLevel.Expert, Clause.CompetencyRevenue, 250000m, 300000m),
                    new(null, Smb, CompetencyLevel.Principal, Clause.AccreditedPeople, 2m, 1m),
                ])),
    };

    private static string PublicSectorNote => TestDefinitions.Default.FindRetired("market-public-sector")!.Note;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_OneEdit_ListsExactlyItsChanges(string edit)
    {
        var (apply, expected) = Edits[edit];
        var candidate = TestDefinitions.Mutated(apply);

        var changes = ProgramDefinitionDiff.Compare(TestDefinitions.Default, candidate);

        Assert.Equal(TestDefinitions.DefaultVersionTag, changes.From);
        Assert.Equal(candidate.VersionTag, changes.To);
        Assert.Equal(expected.Settings ?? [], changes.Settings);
        Assert.Equal(expected.Thresholds ?? [], changes.Thresholds);
        Assert.Equal((expected.Competencies ?? []).Select(Text), changes.Competencies.Select(Text));
        Assert.Equal(expected.Retired ?? [], changes.RetiredSpecializations);
        Assert.Equal(expected.IsEmpty, changes.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compare_Reversed_SwapsOldAndNewAndAddedAndRemoved(string edit)
    {
        var candidate = TestDefinitions.Mutated(Edits[edit].Edit);
        var forward = ProgramDefinitionDiff.Compare(TestDefinitions.Default, candidate);

        var backward = ProgramDefinitionDiff.Compare(candidate, TestDefinitions.Default);

        Assert.Equal(forward.Settings.Select(s => (s.Setting, s.New, s.Old)), backward.Settings.Select(s => (s.Setting, s.Old, s.New)));
        Assert.Equal(
            forward.Thresholds.Select(t => (t.Tier, t.CompetencyId, t.Level, t.Clause, t.New, t.Old)).Order(),
            backward.Thresholds.Select(t => (t.Tier, t.CompetencyId, t.Level, t.Clause, t.Old, t.New)).Order());
        Assert.Equal(
            forward.Competencies.Select(c => (c.CompetencyId, Swap(c.Kind), c.NewName, c.NewMarket, string.Join(",", c.LegacyRemoved), string.Join(",", c.LegacyAdded))).OrderBy(c => c.CompetencyId),
            backward.Competencies.Select(c => (c.CompetencyId, c.Kind, c.OldName, c.OldMarket, string.Join(",", c.LegacyAdded), string.Join(",", c.LegacyRemoved))).OrderBy(c => c.CompetencyId));
        Assert.Equal(
            forward.RetiredSpecializations.Select(r => (r.Id, Swap(r.Kind), r.NewNote, r.OldNote)).OrderBy(r => r.Id),
            backward.RetiredSpecializations.Select(r => (r.Id, r.Kind, r.OldNote, r.NewNote)).OrderBy(r => r.Id));
    }

    [Fact]
    public void Compare_SameDefinition_IsEmpty()
    {
        var changes = ProgramDefinitionDiff.Compare(TestDefinitions.Default, ProgramDefinitionLoader.LoadDefault());

        Assert.True(changes.IsEmpty);
        Assert.Equal(TestDefinitions.DefaultVersionTag, changes.To);
    }

    [Fact]
    public void Compare_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ProgramDefinitionDiff.Compare(null!, TestDefinitions.Default));
        Assert.Throws<ArgumentNullException>(() => ProgramDefinitionDiff.Compare(TestDefinitions.Default, null!));
    }

    private static DefinitionChangeKind Swap(DefinitionChangeKind kind) => kind switch
    {
        DefinitionChangeKind.Added => DefinitionChangeKind.Removed,
        DefinitionChangeKind.Removed => DefinitionChangeKind.Added,
        _ => kind,
    };

    // Records holding lists compare their lists by reference: compare competencies by their text instead.
    private static string Text(CompetencyChange c) =>
        $"{c.CompetencyId} {c.Kind} {c.OldName}|{c.NewName} {c.OldMarket}|{c.NewMarket} +[{string.Join(",", c.LegacyAdded)}] -[{string.Join(",", c.LegacyRemoved)}]";

    /// <summary>The changes a case expects (null: none of that kind).</summary>
    public sealed record Expected(
        SettingChange[]? Settings = null,
        ThresholdChange[]? Thresholds = null,
        CompetencyChange[]? Competencies = null,
        RetiredSpecializationChange[]? Retired = null)
    {
        public bool IsEmpty => (Settings?.Length ?? 0) + (Thresholds?.Length ?? 0) + (Competencies?.Length ?? 0) + (Retired?.Length ?? 0) == 0;
    }
}
