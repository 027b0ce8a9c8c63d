using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Tests.Storage;

public sealed class KeyEncodingTests
{
    [Theory]
    [InlineData("fr-000123")]
    [InlineData("a.b_c-d@e+f:g=h")]
    public void Encode_PlainIds_Unchanged(string id) => Assert.Equal(id, KeyEncoding.Encode(id));

    [Theory]
    [InlineData("a/b", "a!2Fb")]
    [InlineData("a\\b", "a!5Cb")]
    [InlineData("a#b?c", "a!23b!3Fc")]
    [InlineData("a~b", "a!7Eb")]
    [InlineData("100%!", "100!25!21")]
    [InlineData("tab\there", "tab!09here")]
    [InlineData("é", "!C3!A9")]
    [InlineData("x\u007f", "x!7F")]
    public void Encode_ReservedCharacters_Escaped(string id, string expected) => Assert.Equal(expected, KeyEncoding.Encode(id));

    [Theory]
    [InlineData("")]
    [InlineData("fr-1")]
    [InlineData("a/b\\c#d?e~f!g%h")]
    [InlineData("Sécurité Lyon SAS ✓ 🙂")]
    [InlineData("line\r\nbreak\u0000nul")]
    [InlineData("'quoted' \"both\"")]
    public void EncodeDecode_RoundTrips_AndKeepsOnlyAllowedCharacters(string id)
    {
        var encoded = KeyEncoding.Encode(id);

        Assert.Equal(id, KeyEncoding.Decode(encoded));
        Assert.DoesNotContain(encoded, c => c is '/' or '\\' or '#' or '?' or '~' || char.IsControl(c) || c > 0x7E);
    }

    [Fact]
    public void EncodedSegments_SortBelowSeparator_SoPrefixRangesHold()
    {
        var segments = new[] { "zzz", "~~~", "ÿ", "🙂" }.Select(KeyEncoding.Encode);

        Assert.All(segments, s => Assert.True(string.CompareOrdinal("p~person~" + s, KeyEncoding.UpperBound("p~person~")) < 0));
    }

    [Fact]
    public void Decode_TruncatedEscape_Throws() => Assert.Throws<FormatException>(() => KeyEncoding.Decode("abc!2"));
}
