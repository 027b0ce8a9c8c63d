using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>
/// Invalid country groups and currencies: each definition rejected whole, with the JSON path and message of every
/// error. The default definition has groups "switzerland" (CH, LI; CHF) and "united-kingdom" (GB; GBP), and CHF and
/// GBP rates from 2025-10 to 2027-09.
/// </summary>
public sealed class RegionalDefinitionRejectionTests
{
    public static TheoryData<string> InvalidCases => new(Invalid.Keys);

    private static Dictionary<string, (Action<JsonNode> Edit, DefinitionError[] Errors)> Invalid { get; } = new()
    {
        ["overlapping groups"] = (
            root => Groups(root).Add(Group("""{ "id": "alps", "name": "Alps", "countries": ["AT", "CH"] }""")),
            [new("countryGroups[2].countries[1]", "CH is already in countryGroups[0].countries[0]: a country is in one group at most")]),
        ["country twice in one group"] = (
            root => Groups(root)[1]!["countries"] = new JsonArray("GB", "GB"),
            [new("countryGroups[1].countries[1]", "GB is already in countryGroups[1].countries[0]: a country is in one group at most")]),
        ["unassigned country"] = (
            root => Groups(root)[1]!["countries"] = new JsonArray("UK"),
            [new("countryGroups[1].countries[0]", "must be an assigned ISO 3166-1 alpha-2 code in capitals (e.g. FR)")]),
        ["lowercase country"] = (
            root => Groups(root)[1]!["countries"] = new JsonArray("gb"),
            [new("countryGroups[1].countries[0]", "must be an assigned ISO 3166-1 alpha-2 code in capitals (e.g. FR)")]),
        ["group without countries"] = (
            root => Groups(root)[1]!["countries"] = new JsonArray(),
            [new("countryGroups[1].countries", "must list at least one country")]),
        ["repeated group id"] = (
            root => Groups(root).Add(Group("""{ "id": "switzerland", "name": "Again", "countries": ["FR"] }""")),
            [new("countryGroups[2].id", "repeats countryGroups[0] ('switzerland')")]),
        ["group without name"] = (
            root => Groups(root)[0]!.AsObject().Remove("name"),
            [new("countryGroups[0].name", "is required")]),
        ["unknown group currency"] = (
            root => Groups(root)[1]!["currency"] = "USD",
            [new("countryGroups[1].currency", "is not a currency of this definition (the program currency EUR or one listed in currencies)")]),
        ["unknown competency in a group"] = (
            root => Groups(root)[0]!["competencies"] = JsonNode.Parse("""[ { "id": "quantum", "levels": { "principal": { "minRevenue": 1 } } } ]"""),
            [new("countryGroups[0].competencies[0].id", "must be the id of a competency of the catalog")]),
        ["group level with no figure"] = (
            root => Groups(root)[0]!["competencies"] = JsonNode.Parse("""[ { "id": "encryption", "levels": { "expert": { } } } ]"""),
            [new("countryGroups[0].competencies[0].levels.expert", "must give at least one figure")]),
        ["group expert below principal"] = (
            root => Groups(root)[0]!["competencies"] = JsonNode.Parse("""[ { "id": "encryption", "levels": { "principal": { "minRevenue": 300000 } } } ]"""),
            [new("countryGroups[0].competencies[0].levels.expert.minRevenue", "must be >= principal's (300000)")]),
        ["group tier above the next default tier"] = (
            root => Groups(root)[0]!["tiers"] = JsonNode.Parse("""[ { "tier": "silver", "minRevenue": 600000 } ]"""),
            [new("countryGroups[0].tiers[0].minRevenue", "must be <= gold's (500000, the default)")]),
        ["group tier below the default tier under it"] = (
            root => Groups(root)[0]!["tiers"] = JsonNode.Parse("""[ { "tier": "gold", "minRevenue": 90000 } ]"""),
            [new("countryGroups[0].tiers[0].minRevenue", "must be >= silver's (100000)")]),
        ["group tier registered"] = (
            root => Groups(root)[0]!["tiers"] = JsonNode.Parse("""[ { "tier": "registered", "minRevenue": 1 } ]"""),
            [new("countryGroups[0].tiers[0].tier", "must be one of silver, gold, platinum")]),
        ["group tier with no figure"] = (
            root => Groups(root)[0]!["tiers"] = JsonNode.Parse("""[ { "tier": "gold" } ]"""),
            [new("countryGroups[0].tiers[0]", "must give minRevenue, minCompetencies or both")]),
        ["currency that is the program currency"] = (
            root => Currencies(root)[0]!["code"] = "EUR",
            [new("currencies[0].code", "is the program currency: its amounts need no rate")]),
        ["currency listed twice"] = (
            root => Currencies(root)[1]!["code"] = "CHF",
            [new("currencies[1].code", "repeats currencies[0] ('CHF')")]),
        ["missing rate for a month"] = (
            root => Rates(root, 1).RemoveAt(5),
            [new("currencies[1].rates", "has no rate for 2026-03: give one for every month from 2025-10 to 2027-09")]),
        ["month given twice"] = (
            root => Rates(root, 0)[3]!["month"] = "2025-10",
            [new("currencies[0].rates[3].month", "repeats currencies[0].rates[0] (2025-10)")]),
        ["month written as a day"] = (
            root => Rates(root, 0)[0]!["month"] = "2025-10-01",
            [new("currencies[0].rates[0].month", "must be a month written yyyy-MM")]),
        ["rate zero"] = (
            root => Rates(root, 0)[2]!["rate"] = 0,
            [new("currencies[0].rates[2].rate", "must be above 0 and at most 1000000")]),
        ["rate with nine decimals"] = (
            root => Rates(root, 0)[2]!["rate"] = 1.123456789m,
            [new("currencies[0].rates[2].rate", "must have at most 8 decimal places")]),
        ["currency without rates"] = (
            root => Currencies(root)[0]!["rates"] = new JsonArray(),
            [new("currencies[0].rates", "must give at least one monthly rate")]),
        ["group currency not listed"] = (
            root => Currencies(root).RemoveAt(1),
            [new("countryGroups[1].currency", "is not a currency of this definition (the program currency EUR or one listed in currencies)")]),
        ["unknown member in a group"] = (
            root => Groups(root)[0]!["threshold"] = 1,
            [new("countryGroups[0].threshold", "is not a known member of the program definition")]),
    };

    [Theory]
    [MemberData(nameof(InvalidCases))]
    public void Load_InvalidCountryGroupOrCurrency_ReportsPathAndMessageAndNoDefinition(string invalidCase)
    {
        var (edit, expected) = Invalid[invalidCase];

        var result = ProgramDefinitionLoader.Load(TestDefinitions.MutatedJson(edit));

        Assert.Null(result.Definition);
        Assert.Equal(expected, result.Errors);
    }

    [Fact]
    public void Load_NoGroupsNoCurrencies_IsValidAndEveryoneMeetsTheDefault()
    {
        var definition = TestDefinitions.Mutated(root =>
        {
            root.AsObject().Remove("countryGroups");
            root.AsObject().Remove("currencies");
        });

        Assert.Empty(definition.CountryGroups);
        Assert.Empty(definition.Currencies);
        Assert.Null(definition.GroupFor("CH"));
        Assert.Null(definition.RateFor("CHF", new DateOnly(2026, 1, 1)));
        Assert.Equal(1m, definition.RateFor("EUR", new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void ToJson_GroupsAndCurrencies_RoundTripToTheSameDocument()
    {
        var json = TestDefinitions.MutatedJson(root => Groups(root)[0]!["tiers"] = JsonNode.Parse("""[ { "tier": "gold", "minCompetencies": 2 } ]"""));
        var definition = ProgramDefinitionLoader.LoadOrThrow(json);

        var again = ProgramDefinitionLoader.LoadOrThrow(ProgramDefinitionLoader.ToJson(definition));

        Assert.Equal(ProgramDefinitionLoader.ToJson(definition), ProgramDefinitionLoader.ToJson(again));
        Assert.Equal(new TierThreshold(Tier.Gold, 500_000m, 2), again.ThresholdFor(Tier.Gold, "CH"));
        Assert.Equal(24, again.FindCurrency("GBP")!.Rates.Count);
        Assert.Equal(1.16m, again.RateFor("GBP", new DateOnly(2027, 9, 30)));
    }

    private static JsonArray Groups(JsonNode root) => root["countryGroups"]!.AsArray();

    private static JsonArray Currencies(JsonNode root) => root["currencies"]!.AsArray();

    private static JsonArray Rates(JsonNode root, int currency) => Currencies(root)[currency]!["rates"]!.AsArray();

    private static JsonNode Group(string json) => JsonNode.Parse(json)!;
}
