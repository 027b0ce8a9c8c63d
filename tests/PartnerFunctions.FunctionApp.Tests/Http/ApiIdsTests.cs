using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Http;

/// <summary>Ids and key shapes are matched to the very end of the string: no trailing newline slips through.</summary>
public sealed class ApiIdsTests
{
    [Theory]
    [InlineData("okid")]
    [InlineData("a")]
    [InlineData("p-1.2_3")]
    public void IsValid_WellFormedId_IsTrue(string id) => Assert.True(ApiIds.IsValid(id));

    [Theory]
    [InlineData("okid\n")]
    [InlineData("okid\r\n")]
    [InlineData("\nokid")]
    [InlineData("okid\n\n")]
    [InlineData("")]
    [InlineData("-okid")]
    [InlineData("ok id")]
    public void IsValid_TrailingNewlineOrBadCharacter_IsFalse(string id) => Assert.False(ApiIds.IsValid(id));

    [Fact]
    public void IsValid_SixtyFourCharactersThenANewline_IsFalse() => Assert.False(ApiIds.IsValid(new string('a', 64) + "\n"));

    [Fact]
    public void Pattern_ForTheOpenApiDocument_StaysAnEcmaAnchoredPattern() =>
        Assert.Equal("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ApiIds.Pattern);

    [Fact]
    public void TryParse_KeyWithATrailingNewline_IsFalse()
    {
        var key = "pf_" + new string('a', 24) + "_" + new string('b', 64);

        Assert.True(PartnerApiKeys.TryParse(key, out _, out _));
        Assert.False(PartnerApiKeys.TryParse(key + "\n", out _, out _));
    }

    [Fact]
    public void IsCredentialId_TrailingNewline_IsFalse()
    {
        Assert.True(PartnerApiKeys.IsCredentialId(new string('a', 24)));
        Assert.False(PartnerApiKeys.IsCredentialId(new string('a', 24) + "\n"));
    }

    [Fact]
    public void IsValidStaffKeyEntry_TrailingNewlineInsideTheEntry_IsFalse()
    {
        var entry = "alice@program.example:" + new string('c', 64);

        Assert.True(AccessOptions.IsValidStaffKeyEntry(entry));
        Assert.False(AccessOptions.IsValidStaffKeyEntry("alice\n:" + new string('c', 64)));
    }
}
