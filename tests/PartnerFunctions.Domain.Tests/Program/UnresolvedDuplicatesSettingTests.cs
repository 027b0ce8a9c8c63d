using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>The definition's unresolvedDuplicates setting: "count" (the default) is the only value built.</summary>
public sealed class UnresolvedDuplicatesSettingTests
{
    [Fact]
    public void Load_WithoutTheSetting_CountsAndIsWrittenBackWithIt()
    {
        var definition = TestDefinitions.Mutated(root => root.AsObject().Remove("unresolvedDuplicates"));

        Assert.Equal(UnresolvedDuplicatePolicy.Count, definition.UnresolvedDuplicates);
        Assert.Contains("\"unresolvedDuplicates\": \"count\"", ProgramDefinitionLoader.ToJson(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Count_Counts() =>
        Assert.Equal(UnresolvedDuplicatePolicy.Count, TestDefinitions.Mutated(root => root["unresolvedDuplicates"] = "count").UnresolvedDuplicates);

    [Theory]
    [InlineData("exclude", "\"exclude\" is not available yet: only \"count\"")]
    [InlineData("Count", "must be \"count\"")]
    [InlineData("ignore", "must be \"count\"")]
    public void Load_OtherValue_RefusedNamingTheSetting(string value, string message)
    {
        var result = ProgramDefinitionLoader.Load(TestDefinitions.MutatedJson(root => root["unresolvedDuplicates"] = value));

        Assert.Null(result.Definition);
        Assert.Equal([new DefinitionError("unresolvedDuplicates", message)], result.Errors);
    }
}
