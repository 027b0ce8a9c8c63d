using System.Buffers.Text;
using PartnerFunctions.Workflows.Approvals;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Approvals;

public sealed class ApprovalTokensTests
{
    [Fact]
    public void Create_Always_GivesAtLeast128RandomBitsAndTheirSha256()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => ApprovalTokens.Create()).ToArray();

        Assert.All(tokens, t => Assert.True(Base64Url.DecodeFromChars(t.Token).Length * 8 >= 128));
        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{64}$", t.Hash));
        Assert.All(tokens, t => Assert.Equal(ApprovalTokens.Hash(t.Token), t.Hash));
        Assert.Equal(tokens.Length, tokens.Select(t => t.Token).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Matches_RightWrongOrMissingToken_OnlyTheRightOneMatches()
    {
        var (token, hash) = ApprovalTokens.Create();
        var (other, _) = ApprovalTokens.Create();

        Assert.True(ApprovalTokens.Matches(token, hash));
        Assert.True(ApprovalTokens.Matches(token, hash.ToUpperInvariant()));
        Assert.False(ApprovalTokens.Matches(other, hash));
        Assert.False(ApprovalTokens.Matches(token[..^1], hash));
        Assert.False(ApprovalTokens.Matches(null, hash));
        Assert.False(ApprovalTokens.Matches(token, null));
        Assert.False(ApprovalTokens.Matches(hash, hash));
    }

    [Fact]
    public void ConfirmationUrl_Always_StartsWithThePublicBaseUrlAndCarriesIdAndToken()
    {
        var url = ApprovalLinks.ConfirmationUrl("https://partners.example.com/", "apr-1", "abc_-123");

        Assert.Equal("https://partners.example.com/api/approvals/apr-1?token=abc_-123", url);
    }
}
