using System.Globalization;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

public sealed class ProgramDefinitionTests
{
    private static ProgramDefinition Definition => TestDefinitions.Default;

    [Fact]
    public void VersionTag_DefaultDefinition_IsIdAtVersion() =>
        Assert.Equal("partner-program-2026@v1", Definition.VersionTag);

    [Fact]
    public void VersionTag_NewVersion_NamesIt() =>
        Assert.Equal("partner-program-2026@v12", TestDefinitions.Mutated(root => root["version"] = 12).VersionTag);

    [Theory]
    [InlineData(CompetencyIds.EndpointSecurityEnt, 0)]
    [InlineData(CompetencyIds.IdentityAuthentication, 7)]
    [InlineData(CompetencyIds.StorageAvailability, 11)]
    [InlineData("tech-endpoint-security", -1)]
    [InlineData("Endpoint-Security-Ent", -1)]
    [InlineData("", -1)]
    public void IndexOf_CompetencyId_IsCatalogIndexOrMinusOne(string id, int expected) =>
        Assert.Equal(expected, Definition.IndexOf(id));

    [Fact]
    public void IndexOf_Null_IsMinusOne() => Assert.Equal(-1, Definition.IndexOf(null!));

    [Fact]
    public void FindCompetency_KnownId_ReturnsIt()
    {
        var competency = Definition.FindCompetency(CompetencyIds.BackupRecoverySmb);

        Assert.NotNull(competency);
        Assert.Equal("Backup and Recovery for Small Business", competency.Name);
        Assert.Same(Definition.Competencies[9], competency);
    }

    [Fact]
    public void FindCompetency_UnknownId_ReturnsNull() => Assert.Null(Definition.FindCompetency("quantum-security"));

    [Theory]
    [InlineData(Tier.Silver, 100_000, 1)]
    [InlineData(Tier.Gold, 500_000, 1)]
    [InlineData(Tier.Platinum, 2_000_000, 3)]
    [InlineData(Tier.Registered, 0, 0)]
    public void ThresholdFor_Tier_ReturnsItsThresholds(Tier tier, int revenue, int competencies) =>
        Assert.Equal(new TierThreshold(tier, revenue, competencies), Definition.ThresholdFor(tier));

    [Theory]
    [InlineData("market-smb-security")]
    [InlineData("market-smb-backup")]
    [InlineData("market-smb-messaging")]
    [InlineData("market-smb-endpoint-management")]
    [InlineData("market-public-sector")]
    public void FindRetired_RetiredMarketSpecialization_ReturnsItWithNote(string id)
    {
        var retired = Definition.FindRetired(id);

        Assert.NotNull(retired);
        Assert.Equal(id, retired.Id);
        Assert.Contains("ends at rollout", retired.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tech-endpoint-security")]
    [InlineData("market-smb-unknown")]
    public void FindRetired_NotRetired_ReturnsNull(string id) => Assert.Null(Definition.FindRetired(id));

    [Theory]
    [InlineData("2024-06-15", "2026-06-15")]
    [InlineData("2024-02-29", "2026-02-28")]
    [InlineData("2024-01-31", "2026-01-31")]
    [InlineData("2024-12-31", "2026-12-31")]
    public void DefaultExpiry_CompletedOn_IsTwentyFourMonthsLater(string completedOn, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, CultureInfo.InvariantCulture), Definition.DefaultExpiry(DateOnly.Parse(completedOn, CultureInfo.InvariantCulture)));

    [Fact]
    public void DefaultExpiry_OtherValidity_UsesTheDefinitionsValidity()
    {
        var definition = TestDefinitions.Mutated(root => root["accreditationValidityMonths"] = 13);

        Assert.Equal(new DateOnly(2027, 2, 28), definition.DefaultExpiry(new DateOnly(2026, 1, 31)));
    }

    [Theory]
    [InlineData(CompetencyLevel.Principal, 2)]
    [InlineData(CompetencyLevel.Expert, 4)]
    public void RequirementFor_Level_ReturnsThatLevelsRequirement(CompetencyLevel level, int people) =>
        Assert.Equal(people, Definition.Competencies[0].RequirementFor(level).MinAccreditedPeople);

    [Fact]
    public void RequirementFor_None_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Definition.Competencies[0].RequirementFor(CompetencyLevel.None));

    [Theory]
    [InlineData(Market.Enterprise, "enterprise")]
    [InlineData(Market.Midmarket, "midmarket")]
    [InlineData(Market.SmallBusiness, "smallbusiness")]
    public void MarketName_Market_RoundTripsThroughParseMarket(Market market, string name)
    {
        Assert.Equal(name, ProgramDefinitionLoader.MarketName(market));
        Assert.Equal(market, ProgramDefinitionLoader.ParseMarket(name));
    }

    [Theory]
    [InlineData("Enterprise")]
    [InlineData("smb")]
    [InlineData("")]
    [InlineData(null)]
    public void ParseMarket_UnknownName_ReturnsNull(string? name) => Assert.Null(ProgramDefinitionLoader.ParseMarket(name));

    [Fact]
    public void MarketName_UndefinedMarket_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ProgramDefinitionLoader.MarketName((Market)42));

    [Theory]
    [InlineData(Tier.Registered, "registered")]
    [InlineData(Tier.Silver, "silver")]
    [InlineData(Tier.Gold, "gold")]
    [InlineData(Tier.Platinum, "platinum")]
    public void TierName_Tier_RoundTripsThroughParseTier(Tier tier, string name)
    {
        Assert.Equal(name, ProgramDefinitionLoader.TierName(tier));
        Assert.Equal(tier, ProgramDefinitionLoader.ParseTier(name));
    }

    [Theory]
    [InlineData("Gold")]
    [InlineData("bronze")]
    [InlineData(null)]
    public void ParseTier_UnknownName_ReturnsNull(string? name) => Assert.Null(ProgramDefinitionLoader.ParseTier(name));
}
