using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tests.TestData;

namespace PartnerFunctions.Domain.Tests.Program;

/// <summary>The competency id lookup the evaluator uses for every piece of evidence.</summary>
public sealed class CompetencyIdIndexTests
{
    [Fact]
    public void IndexOf_EveryDefaultCompetency_ReturnsItsCatalogPosition()
    {
        var definition = TestDefinitions.Default;
        for (var i = 0; i < definition.Competencies.Count; i++)
        {
            // A copy, not the catalog's own string instance: evidence read from storage has its own strings.
            var id = new string(definition.Competencies[i].Id.AsSpan());
            Assert.Equal(i, definition.IndexOf(id));
        }
    }

    [Fact]
    public void Constructor_DefaultCatalog_UsesTheCharacterTable()
    {
        var index = new CompetencyIdIndex(CompetencyIds.All);

        Assert.True(index.UsesCharacterTable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData("encryptio")]
    [InlineData("encryptionx")]
    [InlineData("Encryption")]
    [InlineData("ENCRYPTION")]
    [InlineData("encryptiom")]
    [InlineData("xncryption")]
    [InlineData("backup-recovery-sma")]
    [InlineData("backup-recovery-xmb")]
    [InlineData("backup-recovery-ent ")]
    [InlineData("market-smb-security")]
    [InlineData("partner-program-2026")]
    public void IndexOf_NotACompetencyId_ReturnsMinusOne(string id)
    {
        Assert.Equal(-1, TestDefinitions.Default.IndexOf(id));
    }

    [Fact]
    public void IndexOf_Null_ReturnsMinusOne()
    {
        Assert.Equal(-1, new CompetencyIdIndex(CompetencyIds.All).IndexOf(null));
    }

    [Fact]
    public void IndexOf_CatalogWithoutDistinguishingCharacters_FallsBackAndStillFindsEveryId()
    {
        // Length 1 leaves only the first/last character, 'x' in all three; two have the same length.
        var index = new CompetencyIdIndex(["x", "xax", "xbx"]);

        Assert.False(index.UsesCharacterTable);
        Assert.Equal(0, index.IndexOf("x"));
        Assert.Equal(1, index.IndexOf("xax"));
        Assert.Equal(2, index.IndexOf("xbx"));
        Assert.Equal(-1, index.IndexOf("xcx"));
        Assert.Equal(-1, index.IndexOf(""));
    }

    [Fact]
    public void IndexOf_EmptyCatalog_ReturnsMinusOne()
    {
        var index = new CompetencyIdIndex([]);

        Assert.Equal(-1, index.IndexOf("encryption"));
        Assert.Equal(-1, index.IndexOf(""));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void IndexOf_RandomCatalogs_AgreesWithADictionaryOnIdsAndNearMisses(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 50; round++)
        {
            var count = random.Next(1, 65);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            while (ids.Count < count)
            {
                ids.Add(RandomId(random));
            }

            var catalog = ids.ToArray();
            var expected = catalog.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
            var index = new CompetencyIdIndex(catalog);
            foreach (var id in catalog)
            {
                Assert.Equal(expected[id], index.IndexOf(new string(id.AsSpan())));
                foreach (var probe in NearMisses(id, random))
                {
                    Assert.Equal(expected.TryGetValue(probe, out var i) ? i : -1, index.IndexOf(probe));
                }
            }
        }
    }

    private static string RandomId(Random random)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz-0123456789";
        var length = random.Next(1, 25);
        return string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }

    // Same length with one character changed, one character longer or shorter: what a typo or a stale id looks like.
    private static IEnumerable<string> NearMisses(string id, Random random)
    {
        var chars = id.ToCharArray();
        chars[random.Next(chars.Length)] = (char)('a' + random.Next(26));
        yield return new string(chars);
        yield return id + "x";
        yield return "x" + id;
        if (id.Length > 1)
        {
            yield return id[..^1];
            yield return id[1..];
        }
    }
}
