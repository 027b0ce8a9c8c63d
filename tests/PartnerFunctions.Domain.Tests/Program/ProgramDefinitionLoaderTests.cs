using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

public sealed class ProgramDefinitionLoaderTests
{
    // ---- The default definition ----

    [Fact]
    public void LoadDefault_ShippedDefinition_LoadsWithProgramDefaults()
    {
        var definition = ProgramDefinitionLoader.LoadDefault();

        Assert.Equal("partner-program-2026", definition.Id);
        Assert.Equal(1, definition.Version);
        Assert.Equal(TestDefinitions.DefaultVersionTag, definition.VersionTag);
        Assert.Equal(new DateOnly(2026, 10, 1), definition.EffectiveDate);
        Assert.Equal("EUR", definition.Currency);
        Assert.Equal(12, definition.RevenueWindowMonths);
        Assert.Equal(24, definition.AccreditationValidityMonths);
        Assert.Equal([90, 60, 30], definition.AccreditationReminderDays);
        Assert.Equal([30, 7, 1], definition.MigrationReminderDays);
        Assert.Equal(new DowngradePolicy(DowngradeMode.GracePeriod, 90), definition.Downgrade);
        Assert.Equal(CompetencyIds.All, definition.Competencies.Select(c => c.Id));
        Assert.Equal(
            ["market-smb-security", "market-smb-backup", "market-smb-messaging", "market-smb-endpoint-management", "market-public-sector"],
            definition.RetiredSpecializations.Select(r => r.Id));
        Assert.All(definition.RetiredSpecializations, r => Assert.False(string.IsNullOrWhiteSpace(r.Note)));
    }

    [Fact]
    public void LoadDefault_Tiers_AreSilverGoldPlatinumWithProgramThresholds()
    {
        Assert.Equal(
            [
                new TierThreshold(Tier.Silver, 100_000m, 1),
                new TierThreshold(Tier.Gold, 500_000m, 1),
                new TierThreshold(Tier.Platinum, 2_000_000m, 3),
            ],
            TestDefinitions.Default.Tiers);
    }

    public static TheoryData<string, Market, string[]> Catalog => new()
    {
        { CompetencyIds.EndpointSecurityEnt, Market.Enterprise, ["tech-endpoint-security"] },
        { CompetencyIds.EndpointSecuritySmb, Market.SmallBusiness, ["tech-endpoint-security"] },
        { CompetencyIds.EndpointManagement, Market.Midmarket, ["tech-endpoint-management"] },
        { CompetencyIds.DataLossPrevention, Market.Enterprise, ["tech-dlp"] },
        { CompetencyIds.Encryption, Market.Midmarket, ["tech-encryption"] },
        { CompetencyIds.MessagingWebSecurity, Market.Midmarket, ["tech-messaging-security"] },
        { CompetencyIds.ThreatManagement, Market.Enterprise, ["tech-security-information-management"] },
        { CompetencyIds.IdentityAuthentication, Market.Midmarket, [] },
        { CompetencyIds.BackupRecoveryEnt, Market.Enterprise, ["tech-netbackup"] },
        { CompetencyIds.BackupRecoverySmb, Market.SmallBusiness, ["tech-backup-exec"] },
        { CompetencyIds.ArchivingEdiscovery, Market.Enterprise, ["tech-archiving"] },
        { CompetencyIds.StorageAvailability, Market.Enterprise, ["tech-storage-foundation", "tech-high-availability"] },
    };

    [Theory]
    [MemberData(nameof(Catalog))]
    public void LoadDefault_Competency_HasCatalogMarketLegacyAndDefaultLevels(string id, Market market, string[] legacy)
    {
        var competency = TestDefinitions.Default.FindCompetency(id);

        Assert.NotNull(competency);
        Assert.Equal(market, competency.Market);
        Assert.Equal(legacy, competency.LegacySpecializations);
        Assert.Equal(new LevelRequirement(2, 50_000m, 1, null), competency.Principal);
        Assert.Equal(new LevelRequirement(4, 250_000m, 3, 4.0m), competency.Expert);
    }

    [Fact]
    public void ToJson_DefaultDefinition_RoundTripsToEqualJson()
    {
        var json = ProgramDefinitionLoader.ToJson(TestDefinitions.Default);

        var reloaded = ProgramDefinitionLoader.LoadOrThrow(json);

        Assert.Equal(json, ProgramDefinitionLoader.ToJson(reloaded));
        Assert.Equal(TestDefinitions.Default.VersionTag, reloaded.VersionTag);
        Assert.Equal(TestDefinitions.Default.Description, reloaded.Description);
        Assert.Equal(TestDefinitions.Default.Competencies, reloaded.Competencies, CompetencyComparer.Instance);
        Assert.Equal(TestDefinitions.Default.Tiers, reloaded.Tiers);
        Assert.Equal(TestDefinitions.Default.RetiredSpecializations, reloaded.RetiredSpecializations);
    }

    [Fact]
    public void ToJson_DefaultDefinition_MatchesShippedDocumentExceptSchema()
    {
        var shipped = TestDefinitions.DefaultNode().AsObject();
        shipped.Remove("$schema");

        var written = JsonNode.Parse(ProgramDefinitionLoader.ToJson(TestDefinitions.Default));

        Assert.True(JsonNode.DeepEquals(shipped, written), written!.ToJsonString());
    }

    [Fact]
    public void ToJson_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => ProgramDefinitionLoader.ToJson(null!));

    [Fact]
    public void Load_Null_Throws() =>
        Assert.Throws<ArgumentNullException>(() => ProgramDefinitionLoader.Load(null!));

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        var json = ProgramDefinitionLoader.DefaultJson()
            .Replace("\"currency\": \"EUR\",", "// the program currency\n  \"currency\": \"EUR\",", StringComparison.Ordinal)
            .Replace("\"mode\": \"gracePeriod\",\n    \"gracePeriodDays\": 90", "\"mode\": \"gracePeriod\",\n    \"gracePeriodDays\": 90,", StringComparison.Ordinal);
        Assert.Contains("// the program currency", json, StringComparison.Ordinal);
        Assert.Contains("\"gracePeriodDays\": 90,", json, StringComparison.Ordinal);

        var result = ProgramDefinitionLoader.Load(json);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Load_TiersListedOutOfOrder_AreOrderedAscending()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            var tiers = root["tiers"]!.AsArray();
            var reversed = tiers.Reverse().Select(t => t!.DeepClone()).ToArray();
            tiers.Clear();
            foreach (var tier in reversed)
            {
                tiers.Add(tier);
            }
        });

        Assert.Equal([Tier.Silver, Tier.Gold, Tier.Platinum], definition.Tiers.Select(t => t.Tier));
    }

    [Fact]
    public void Load_ReminderDaysInAnyOrder_AreOrderedDescending()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            root["accreditationReminderDays"] = new JsonArray(30, 90, 60);
            root["migrationReminderDays"] = new JsonArray(1, 30, 7);
        });

        Assert.Equal([90, 60, 30], definition.AccreditationReminderDays);
        Assert.Equal([30, 7, 1], definition.MigrationReminderDays);
    }

    [Theory]
    [InlineData("  ", null)]
    [InlineData("  Raised Gold to 600k.  ", "Raised Gold to 600k.")]
    public void Load_Description_IsTrimmedOrNull(string description, string? expected)
    {
        var definition = TestDefinitions.Mutated(root => root["description"] = description);

        Assert.Equal(expected, definition.Description);
    }

    [Fact]
    public void Load_NoDescription_LoadsWithNullDescription()
    {
        var definition = TestDefinitions.Mutated(root => root.AsObject().Remove("description"));

        Assert.Null(definition.Description);
        Assert.DoesNotContain("description", ProgramDefinitionLoader.ToJson(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_StaffDecisionMode_IsParsedAndWrittenBack()
    {
        var definition = TestDefinitions.Mutated(root => root["downgrade"]!["mode"] = "staffDecision");

        Assert.Equal(new DowngradePolicy(DowngradeMode.StaffDecision, 90), definition.Downgrade);
        Assert.Contains("\"mode\": \"staffDecision\"", ProgramDefinitionLoader.ToJson(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CompetencyNameWithSpaces_IsTrimmed()
    {
        var definition = TestDefinitions.Mutated(root => root["competencies"]![0]!["name"] = "  Endpoint Security  ");

        Assert.Equal("Endpoint Security", definition.Competencies[0].Name);
    }

    // ---- Valid edges: every bound is inclusive ----

    public static TheoryData<string> ValidEdgeCases => new(ValidEdges.Keys);

    private static Dictionary<string, Action<JsonNode>> ValidEdges { get; } = new()
    {
        ["expert equals principal on every clause"] = root =>
        {
            var expert = TestDefinitions.Level(root, 0, "expert");
            expert["minAccreditedPeople"] = 2;
            expert["minRevenue"] = 50000;
            expert["minValidatedReferences"] = 1;
        },
        ["principal and expert satisfaction both 4.0"] = root => TestDefinitions.Level(root, 0, "principal")["minSatisfaction"] = 4.0m,
        ["expert satisfaction 5"] = root => TestDefinitions.Level(root, 0, "expert")["minSatisfaction"] = 5,
        ["expert satisfaction 0"] = root => TestDefinitions.Level(root, 0, "expert")["minSatisfaction"] = 0,
        ["expert without satisfaction"] = root => TestDefinitions.Level(root, 0, "expert").Remove("minSatisfaction"),
        ["all thresholds zero"] = root =>
        {
            foreach (var level in new[] { "principal", "expert" })
            {
                var node = TestDefinitions.Level(root, 0, level);
                node["minAccreditedPeople"] = 0;
                node["minRevenue"] = 0;
                node["minValidatedReferences"] = 0;
            }
        },
        ["gold revenue equal to silver"] = root => root["tiers"]![1]!["minRevenue"] = 100000,
        ["platinum competencies equal to the catalog size"] = root => root["tiers"]![2]!["minCompetencies"] = 12,
        ["silver with no competency required"] = root =>
        {
            root["tiers"]![0]!["minCompetencies"] = 0;
            root["tiers"]![0]!["minRevenue"] = 0;
        },
        ["revenue window 1 month"] = root => root["revenueWindowMonths"] = 1,
        ["revenue window 36 months"] = root => root["revenueWindowMonths"] = 36,
        ["accreditation validity 1 month"] = root => root["accreditationValidityMonths"] = 1,
        ["accreditation validity 120 months"] = root => root["accreditationValidityMonths"] = 120,
        ["grace period 1 day"] = root => root["downgrade"]!["gracePeriodDays"] = 1,
        ["grace period 730 days"] = root => root["downgrade"]!["gracePeriodDays"] = 730,
        ["reminder days 1 and 730"] = root => root["accreditationReminderDays"] = new JsonArray(1, 730),
        ["no reminder days"] = root => root["migrationReminderDays"] = new JsonArray(),
        ["no retired specialization"] = root => root["retiredSpecializations"] = new JsonArray(),
        ["64 competencies"] = root => AddCompetencies(root, ProgramDefinitionLoader.MaxCompetencies - 12),
        ["a single competency"] = root =>
        {
            var competencies = root["competencies"]!.AsArray();
            while (competencies.Count > 1)
            {
                competencies.RemoveAt(competencies.Count - 1);
            }

            root["tiers"]![2]!["minCompetencies"] = 1;
        },
        ["id of 63 characters"] = root => root["id"] = new string('a', 63),
    };

    [Theory]
    [MemberData(nameof(ValidEdgeCases))]
    public void Load_ValueOnItsBound_IsValid(string edge)
    {
        var result = ProgramDefinitionLoader.Load(TestDefinitions.MutatedJson(ValidEdges[edge]));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.NotNull(result.Definition);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Load_64Competencies_EvaluatorHandlesTheLastOne()
    {
        var definition = TestDefinitions.Mutated(root => AddCompetencies(root, ProgramDefinitionLoader.MaxCompetencies - 12));
        var last = definition.Competencies[^1];
        var evidence = new EvidenceBuilder(definition: definition).Qualifying(last.Id, CompetencyLevel.Expert).Build();

        var evaluation = PartnerEvaluator.Evaluate(definition, evidence, EvidenceBuilder.DefaultAsOf);

        Assert.Equal(64, definition.Competencies.Count);
        Assert.Equal(CompetencyLevel.Expert, evaluation.LevelOf(last.Id));
        Assert.Equal(4, evaluation.StandingOf(last.Id).AccreditedPeople);
        Assert.Equal(1, evaluation.CompetenciesHeld);
    }

    /// <summary>Appends <paramref name="count"/> copies of the last default competency with new ids and no legacy specialization.</summary>
    internal static void AddCompetencies(JsonNode root, int count)
    {
        var competencies = root["competencies"]!.AsArray();
        var template = competencies[7]!;
        for (var i = 0; i < count; i++)
        {
            var copy = template.DeepClone();
            copy["id"] = $"extra-{i}";
            copy["name"] = $"Extra {i}";
            competencies.Add(copy);
        }
    }

    private sealed class CompetencyComparer : IEqualityComparer<Competency>
    {
        public static CompetencyComparer Instance { get; } = new();

        public bool Equals(Competency? x, Competency? y) =>
            x is not null && y is not null
            && x.Id == y.Id && x.Name == y.Name && x.Market == y.Market
            && x.LegacySpecializations.SequenceEqual(y.LegacySpecializations)
            && x.Principal == y.Principal && x.Expert == y.Expert;

        public int GetHashCode(Competency obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}
