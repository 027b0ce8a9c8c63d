using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>Invalid program definitions: each rejected whole, with the JSON path and message of every error.</summary>
public sealed class ProgramDefinitionRejectionTests
{
    public static TheoryData<string> InvalidCases => new(Invalid.Keys);

    private static Dictionary<string, (Action<JsonNode> Edit, DefinitionError[] Errors)> Invalid { get; } = new()
    {
        ["expert people below principal"] = (
            root => TestDefinitions.Level(root, 3, "expert")["minAccreditedPeople"] = 1,
            [new("competencies[3].levels.expert.minAccreditedPeople", "must be >= principal's (2)")]),
        ["expert revenue below principal"] = (
            root => TestDefinitions.Level(root, 0, "expert")["minRevenue"] = 49999.99m,
            [new("competencies[0].levels.expert.minRevenue", "must be >= principal's (50000)")]),
        ["expert references below principal"] = (
            root => TestDefinitions.Level(root, 11, "expert")["minValidatedReferences"] = 0,
            [new("competencies[11].levels.expert.minValidatedReferences", "must be >= principal's (1)")]),
        ["expert satisfaction below principal"] = (
            root =>
            {
                TestDefinitions.Level(root, 2, "principal")["minSatisfaction"] = 4.5m;
            },
            [new("competencies[2].levels.expert.minSatisfaction", "must be >= principal's (4.5)")]),
        ["expert satisfaction missing while principal has one"] = (
            root =>
            {
                TestDefinitions.Level(root, 2, "principal")["minSatisfaction"] = 3.5m;
                TestDefinitions.Level(root, 2, "expert").Remove("minSatisfaction");
            },
            [new("competencies[2].levels.expert.minSatisfaction", "must be >= principal's (3.5)")]),
        ["missing id"] = (root => root.AsObject().Remove("id"), [new("id", "is required")]),
        ["blank id"] = (root => root["id"] = "  ", [new("id", "is required")]),
        ["id with capitals and spaces"] = (root => root["id"] = "Partner Program", [new("id", "must be lowercase letters, digits and dashes (at most 63)")]),
        ["id too long"] = (root => root["id"] = new string('a', 64), [new("id", "must be lowercase letters, digits and dashes (at most 63)")]),
        ["missing version"] = (root => root.AsObject().Remove("version"), [new("version", "is required")]),
        ["version zero"] = (root => root["version"] = 0, [new("version", "must be >= 1")]),
        ["missing effective date"] = (root => root.AsObject().Remove("effectiveDate"), [new("effectiveDate", "is required")]),
        ["effective date in French format"] = (root => root["effectiveDate"] = "01/10/2026", [new("effectiveDate", "must be a date written yyyy-MM-dd")]),
        ["effective date that does not exist"] = (root => root["effectiveDate"] = "2026-02-30", [new("effectiveDate", "must be a date written yyyy-MM-dd")]),
        ["missing currency"] = (root => root.AsObject().Remove("currency"), [new("currency", "is required")]),
        ["lowercase currency"] = (root => root["currency"] = "eur", [new("currency", "must be an ISO 4217 code of three capital letters")]),
        ["missing revenue window"] = (root => root.AsObject().Remove("revenueWindowMonths"), [new("revenueWindowMonths", "is required")]),
        ["revenue window 0"] = (root => root["revenueWindowMonths"] = 0, [new("revenueWindowMonths", "must be between 1 and 36")]),
        ["revenue window 37"] = (root => root["revenueWindowMonths"] = 37, [new("revenueWindowMonths", "must be between 1 and 36")]),
        ["accreditation validity 0"] = (root => root["accreditationValidityMonths"] = 0, [new("accreditationValidityMonths", "must be between 1 and 120")]),
        ["accreditation validity 121"] = (root => root["accreditationValidityMonths"] = 121, [new("accreditationValidityMonths", "must be between 1 and 120")]),
        ["missing reminder days"] = (root => root.AsObject().Remove("accreditationReminderDays"), [new("accreditationReminderDays", "is required")]),
        ["reminder day 0"] = (root => root["accreditationReminderDays"]![1] = 0, [new("accreditationReminderDays[1]", "must be between 1 and 730 days")]),
        ["reminder day 731"] = (root => root["migrationReminderDays"]![0] = 731, [new("migrationReminderDays[0]", "must be between 1 and 730 days")]),
        ["repeated reminder day"] = (root => root["accreditationReminderDays"]![2] = 90, [new("accreditationReminderDays[2]", "repeats 90")]),
        ["parallel run -1 month"] = (root => root["legacyParallelRunMonths"] = -1, [new("legacyParallelRunMonths", "must be from 0 to 36 months")]),
        ["parallel run 37 months"] = (root => root["legacyParallelRunMonths"] = 37, [new("legacyParallelRunMonths", "must be from 0 to 36 months")]),
        ["missing downgrade"] = (root => root.AsObject().Remove("downgrade"), [new("downgrade", "is required")]),
        ["unknown downgrade mode"] = (root => root["downgrade"]!["mode"] = "immediate", [new("downgrade.mode", "must be one of gracePeriod, staffDecision")]),
        ["missing grace period"] = (root => root["downgrade"]!.AsObject().Remove("gracePeriodDays"), [new("downgrade.gracePeriodDays", "is required")]),
        ["grace period 0"] = (root => root["downgrade"]!["gracePeriodDays"] = 0, [new("downgrade.gracePeriodDays", "must be between 1 and 730")]),
        ["grace period 731"] = (root => root["downgrade"]!["gracePeriodDays"] = 731, [new("downgrade.gracePeriodDays", "must be between 1 and 730")]),
        ["missing competencies"] = (root => root.AsObject().Remove("competencies"), [new("competencies", "must list at least one competency")]),
        ["no competency"] = (root => root["competencies"] = new JsonArray(), [new("competencies", "must list at least one competency")]),
        ["too many competencies"] = (
            root => ProgramDefinitionLoaderTests.AddCompetencies(root, ProgramDefinitionLoader.MaxCompetencies - 12 + 1),
            [new("competencies", "must list at most 64 competencies")]),
        ["null competency"] = (root => root["competencies"]![4] = null, [new("competencies[4]", "must be an object")]),
        ["missing competency id"] = (root => root["competencies"]![2]!.AsObject().Remove("id"), [new("competencies[2].id", "is required")]),
        ["competency id with capitals"] = (
            root => root["competencies"]![2]!["id"] = "Endpoint-Management",
            [new("competencies[2].id", "must be lowercase letters, digits and dashes (at most 63)")]),
        ["duplicate competency id"] = (
            root => root["competencies"]![5]!["id"] = CompetencyIds.EndpointSecurityEnt,
            [new("competencies[5].id", "repeats the id of competencies[0] ('endpoint-security-ent')")]),
        ["missing competency name"] = (root => root["competencies"]![6]!["name"] = " ", [new("competencies[6].name", "is required")]),
        ["bad market"] = (root => root["competencies"]![1]!["market"] = "smb", [new("competencies[1].market", "must be one of enterprise, midmarket, smallbusiness")]),
        ["market with capitals"] = (root => root["competencies"]![1]!["market"] = "SmallBusiness", [new("competencies[1].market", "must be one of enterprise, midmarket, smallbusiness")]),
        ["missing legacy specializations"] = (
            root => root["competencies"]![7]!.AsObject().Remove("legacySpecializations"),
            [new("competencies[7].legacySpecializations", "is required (use [] for a new competency)")]),
        ["legacy specialization repeated in a competency"] = (
            root => root["competencies"]![11]!["legacySpecializations"]![1] = "tech-storage-foundation",
            [new("competencies[11].legacySpecializations[1]", "repeats 'tech-storage-foundation'")]),
        ["legacy specialization not an id"] = (
            root => root["competencies"]![3]!["legacySpecializations"]![0] = "Tech DLP",
            [new("competencies[3].legacySpecializations[0]", "must be a specialization id (lowercase letters, digits and dashes)")]),
        ["null legacy specialization"] = (
            root => root["competencies"]![3]!["legacySpecializations"]!.AsArray().Add(null),
            [new("competencies[3].legacySpecializations[1]", "must be a specialization id (lowercase letters, digits and dashes)")]),
        ["missing levels"] = (root => root["competencies"]![0]!.AsObject().Remove("levels"), [new("competencies[0].levels", "is required")]),
        ["missing principal"] = (root => root["competencies"]![0]!["levels"]!.AsObject().Remove("principal"), [new("competencies[0].levels.principal", "is required")]),
        ["missing expert"] = (root => root["competencies"]![9]!["levels"]!.AsObject().Remove("expert"), [new("competencies[9].levels.expert", "is required")]),
        ["missing level clauses"] = (
            root => root["competencies"]![0]!["levels"]!["principal"] = new JsonObject(),
            [
                new("competencies[0].levels.principal.minAccreditedPeople", "is required"),
                new("competencies[0].levels.principal.minRevenue", "is required"),
                new("competencies[0].levels.principal.minValidatedReferences", "is required"),
            ]),
        ["negative people"] = (
            root => TestDefinitions.Level(root, 0, "principal")["minAccreditedPeople"] = -1,
            [new("competencies[0].levels.principal.minAccreditedPeople", "must be >= 0")]),
        ["negative revenue"] = (
            root => TestDefinitions.Level(root, 0, "principal")["minRevenue"] = -0.01m,
            [new("competencies[0].levels.principal.minRevenue", "must be >= 0")]),
        ["negative references"] = (
            root => TestDefinitions.Level(root, 0, "principal")["minValidatedReferences"] = -1,
            [new("competencies[0].levels.principal.minValidatedReferences", "must be >= 0")]),
        ["satisfaction above 5"] = (
            root => TestDefinitions.Level(root, 0, "expert")["minSatisfaction"] = 5.01m,
            [new("competencies[0].levels.expert.minSatisfaction", "must be between 0 and 5")]),
        ["satisfaction below 0"] = (
            root => TestDefinitions.Level(root, 0, "expert")["minSatisfaction"] = -0.5m,
            [new("competencies[0].levels.expert.minSatisfaction", "must be between 0 and 5")]),
        ["missing tiers"] = (root => root.AsObject().Remove("tiers"), [new("tiers", "is required")]),
        ["missing platinum"] = (root => root["tiers"]!.AsArray().RemoveAt(2), [new("tiers", "must define platinum")]),
        ["no tiers"] = (
            root => root["tiers"] = new JsonArray(),
            [new("tiers", "must define silver"), new("tiers", "must define gold"), new("tiers", "must define platinum")]),
        ["unknown tier"] = (
            root => root["tiers"]![0]!["tier"] = "bronze",
            [new("tiers[0].tier", "must be one of silver, gold, platinum"), new("tiers", "must define silver")]),
        ["registered as a tier"] = (
            root => root["tiers"]![0]!["tier"] = "registered",
            [new("tiers[0].tier", "must be one of silver, gold, platinum"), new("tiers", "must define silver")]),
        ["duplicate tier"] = (
            root => root["tiers"]![1]!["tier"] = "silver",
            [new("tiers[1].tier", "repeats tiers[0] ('silver')"), new("tiers", "must define gold")]),
        ["null tier"] = (root => root["tiers"]![1] = null, [new("tiers[1]", "must be an object"), new("tiers", "must define gold")]),
        ["tier revenue decreasing"] = (
            root => root["tiers"]![1]!["minRevenue"] = 99999.99m,
            [new("tiers[1].minRevenue", "must be >= silver's (100000)")]),
        ["tier competencies decreasing"] = (
            root => root["tiers"]![1]!["minCompetencies"] = 4,
            [new("tiers[2].minCompetencies", "must be >= gold's (4)")]),
        ["negative tier revenue"] = (root => root["tiers"]![0]!["minRevenue"] = -1, [new("tiers[0].minRevenue", "must be >= 0")]),
        ["missing tier revenue"] = (root => root["tiers"]![0]!.AsObject().Remove("minRevenue"), [new("tiers[0].minRevenue", "is required")]),
        ["negative tier competencies"] = (root => root["tiers"]![0]!["minCompetencies"] = -1, [new("tiers[0].minCompetencies", "must be >= 0")]),
        ["min competencies above competency count"] = (
            root => root["tiers"]![2]!["minCompetencies"] = 13,
            [new("tiers[2].minCompetencies", "must be <= the number of competencies (12)")]),
        ["missing retired specializations"] = (
            root => root.AsObject().Remove("retiredSpecializations"),
            [new("retiredSpecializations", "is required (use [] when none)")]),
        ["legacy specialization both folded and retired"] = (
            root => root["retiredSpecializations"]!.AsArray().Add(new JsonObject { ["id"] = "tech-dlp", ["note"] = "Ends at rollout." }),
            [new("retiredSpecializations[5].id", "is folded into competency 'data-loss-prevention' and cannot also be retired")]),
        ["duplicate retired specialization"] = (
            root => root["retiredSpecializations"]![4]!["id"] = "market-smb-security",
            [new("retiredSpecializations[4].id", "repeats retiredSpecializations[0] ('market-smb-security')")]),
        ["retired specialization not an id"] = (
            root => root["retiredSpecializations"]![0]!["id"] = "Market SMB",
            [new("retiredSpecializations[0].id", "must be a specialization id (lowercase letters, digits and dashes)")]),
        ["retired specialization without note"] = (
            root => root["retiredSpecializations"]![2]!["note"] = "",
            [new("retiredSpecializations[2].note", "is required: partners holding it receive this note")]),
        ["null retired specialization"] = (root => root["retiredSpecializations"]![3] = null, [new("retiredSpecializations[3]", "must be an object")]),
        ["unknown member (typo) in a level"] = (
            root =>
            {
                var principal = TestDefinitions.Level(root, 0, "principal");
                principal.Remove("minAccreditedPeople");
                principal["minAccreditedPeopel"] = 2;
            },
            [new("competencies[0].levels.principal.minAccreditedPeopel", "is not a known member of the program definition")]),
        ["unknown member (typo) at the root"] = (
            root => root["revenueWindowMonth"] = 12,
            [new("revenueWindowMonth", "is not a known member of the program definition")]),
        ["wrong type"] = (root => root["version"] = "one", [new("version", "has a value of the wrong type")]),
        ["wrong type in a tier"] = (root => root["tiers"]![2]!["minCompetencies"] = "three", [new("tiers[2].minCompetencies", "has a value of the wrong type")]),
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Load_InvalidDefinition_ReportsPathAndMessageAndNoDefinition(string invalidCase)
    {
        var (edit, expected) = Invalid[invalidCase];

        var result = ProgramDefinitionLoader.Load(TestDefinitions.MutatedJson(edit));

        Assert.False(result.IsValid);
        Assert.Null(result.Definition);
        Assert.Equal(expected, result.Errors);
    }

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void LoadOrThrow_InvalidDefinition_ThrowsListingEveryError(string invalidCase)
    {
        var (edit, expected) = Invalid[invalidCase];

        var exception = Assert.Throws<InvalidProgramDefinitionException>(() => ProgramDefinitionLoader.LoadOrThrow(TestDefinitions.MutatedJson(edit)));

        Assert.Equal(expected, exception.Errors);
        Assert.All(expected, e => Assert.Contains($"{e.Path} {e.Message}", exception.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralErrors_ReportsThemAll()
    {
        var json = TestDefinitions.MutatedJson(root =>
        {
            root["currency"] = "euro";
            TestDefinitions.Level(root, 3, "expert")["minAccreditedPeople"] = 1;
            root["tiers"]![1]!["minRevenue"] = 50000;
            root["downgrade"]!["gracePeriodDays"] = 0;
        });

        var result = ProgramDefinitionLoader.Load(json);

        Assert.Null(result.Definition);
        Assert.Equal(
            [
                new DefinitionError("currency", "must be an ISO 4217 code of three capital letters"),
                new DefinitionError("downgrade.gracePeriodDays", "must be between 1 and 730"),
                new DefinitionError("competencies[3].levels.expert.minAccreditedPeople", "must be >= principal's (2)"),
                new DefinitionError("tiers[1].minRevenue", "must be >= silver's (100000)"),
            ],
            result.Errors);

        var exception = Assert.Throws<InvalidProgramDefinitionException>(() => ProgramDefinitionLoader.LoadOrThrow(json));
        Assert.Equal(result.Errors, exception.Errors);
        Assert.Equal(
            "Invalid program definition: currency must be an ISO 4217 code of three capital letters; "
            + "downgrade.gracePeriodDays must be between 1 and 730; "
            + "competencies[3].levels.expert.minAccreditedPeople must be >= principal's (2); "
            + "tiers[1].minRevenue must be >= silver's (100000)",
            exception.Message);
    }

    [Fact]
    public void Load_OneBadCompetencyAmongGoodOnes_YieldsNoDefinitionAtAll()
    {
        var result = ProgramDefinitionLoader.Load(TestDefinitions.MutatedJson(root => root["competencies"]![11]!["market"] = "public"));

        Assert.Null(result.Definition);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("{ \"id\": \"partner-program-2026\", ")]
    [InlineData("{ \"id\": \"partner-program-2026\" } trailing")]
    [InlineData("")]
    [InlineData("not json")]
    public void Load_MalformedJson_ReportsNotValidJson(string json)
    {
        var result = ProgramDefinitionLoader.Load(json);

        Assert.Null(result.Definition);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("is not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Path:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidTokenInsideAMember_NamesThatMember()
    {
        var json = ProgramDefinitionLoader.DefaultJson().Replace("\"gracePeriodDays\": 90", "\"gracePeriodDays\": 9O", StringComparison.Ordinal);

        var error = Assert.Single(ProgramDefinitionLoader.Load(json).Errors);

        Assert.Equal("downgrade.gracePeriodDays", error.Path);
        Assert.StartsWith("is not valid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null", "$", "must be a JSON object")]
    [InlineData("[]", "$", "has a value of the wrong type")]
    [InlineData("42", "$", "has a value of the wrong type")]
    public void Load_NotAnObject_IsRejectedAtTheRoot(string json, string path, string message)
    {
        var result = ProgramDefinitionLoader.Load(json);

        Assert.Null(result.Definition);
        Assert.Equal([new DefinitionError(path, message)], result.Errors);
    }

    [Fact]
    public void Load_EmptyObject_ReportsEveryRequiredMember()
    {
        var result = ProgramDefinitionLoader.Load("{}");

        Assert.Null(result.Definition);
        Assert.Equal(
            [
                "id", "version", "effectiveDate", "currency", "revenueWindowMonths", "accreditationValidityMonths",
                "accreditationReminderDays", "migrationReminderDays", "downgrade", "competencies", "tiers", "retiredSpecializations",
            ],
            result.Errors.Select(e => e.Path));
    }

    [Fact]
    public void InvalidProgramDefinitionException_DefaultConstructors_HaveNoErrors()
    {
        Assert.Empty(new InvalidProgramDefinitionException().Errors);
        Assert.Empty(new InvalidProgramDefinitionException("message").Errors);
        var inner = new InvalidOperationException("inner");
        var exception = new InvalidProgramDefinitionException("message", inner);
        Assert.Empty(exception.Errors);
        Assert.Same(inner, exception.InnerException);
    }

    [Fact]
    public void DefinitionError_ToString_IsPathThenMessage() =>
        Assert.Equal("tiers must define platinum", new DefinitionError("tiers", "must define platinum").ToString());
}
