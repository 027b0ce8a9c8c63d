using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Partners;

/// <summary>The whole-table scan of batch work. Each test has tables of its own: a scan sees the whole table.</summary>
public sealed class PartnerScanTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task ScanPartners_1200PartnersOver3600Rows_EveryPartnerExactlyOnceInOrder_AndResumable()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var partners = storage.Get<IPartnerRepository>();
        var ids = Enumerable.Range(0, 1200).Select(i => FormattableString.Invariant($"fr-{i:D6}")).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, ct) =>
            await partners.UpsertEvidenceAsync(TestData.Evidence(id, people: 1, revenueLines: 1, references: 0), "erp", ct));

        // Decision history lives in the same partitions but never reaches the scan.
        await WriteDecisionAsync(partners, ids[999]);
        await WriteDecisionAsync(partners, ids[1000]);

        var pages = new List<PartnerPage>();
        await foreach (var page in partners.ScanPartnersAsync(partnersPerPage: 250))
        {
            pages.Add(page);
        }

        Assert.Equal([250, 250, 250, 250, 200], pages.Select(p => p.Partners.Count));
        Assert.Equal(ids, pages.SelectMany(p => p.Partners).Select(p => p.PartnerId));
        Assert.All(pages.SkipLast(1), p => Assert.NotNull(p.ResumeToken));
        Assert.Null(pages[^1].ResumeToken);
        Assert.All(pages.SelectMany(p => p.Partners), p =>
        {
            Assert.Single(p.Evidence.People);
            Assert.Single(p.Evidence.Revenue);
        });
        Assert.Equal(Tier.Platinum, pages[4].Partners.Single(p => p.PartnerId == ids[1000]).Profile.Status.TierState.Current);

        // An activity handed the token after page 2 continues with page 3, and so on to the end.
        var resumed = new List<string>();
        var token = pages[1].ResumeToken;
        while (token is not null)
        {
            var page = await partners.ReadPartnerPageAsync(token, 300);
            resumed.AddRange(page.Partners.Select(p => p.PartnerId));
            token = page.ResumeToken;
        }

        Assert.Equal(ids[500..], resumed);

        // Counting reads keys only, stops at the same boundaries (its token is the scan's) and resumes from a scan token.
        var firstCount = await partners.CountPartnersAsync(null, 500);
        var restCount = await partners.CountPartnersAsync(firstCount.ResumeToken, 5000);
        var fromPage = await partners.CountPartnersAsync(pages[3].ResumeToken, 5000);
        Assert.Equal((500, pages[1].ResumeToken), (firstCount.Count, firstCount.ResumeToken));
        Assert.Equal((700, (string?)null), (restCount.Count, restCount.ResumeToken));
        Assert.Equal(200, fromPage.Count);
    }

    [Fact]
    public async Task ScanPartners_PartnersSplitAcrossStoragePages_AreReturnedComplete()
    {
        // Storage pages of 7 rows: almost every partner (3 to 12 rows) straddles a page boundary.
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix(), new Dictionary<string, string?> { ["Storage:ScanPageSize"] = "7" });
        var partners = storage.Get<IPartnerRepository>();
        var expected = new Dictionary<string, PartnerEvidence>(StringComparer.Ordinal);
        for (var i = 0; i < 30; i++)
        {
            var evidence = TestData.Evidence(FormattableString.Invariant($"p{i:D3}"), people: i % 4, revenueLines: 1 + (i % 7), references: i % 3);
            expected[evidence.Partner.Id] = evidence;
            await partners.UpsertEvidenceAsync(evidence, "erp");
            if (i % 5 == 0)
            {
                await WriteDecisionAsync(partners, evidence.Partner.Id);
            }
        }

        var seen = new List<PartnerSnapshot>();
        string? token = null;
        var calls = 0;
        do
        {
            var page = await partners.ReadPartnerPageAsync(token, 4);
            Assert.InRange(page.Partners.Count, 1, 4);
            seen.AddRange(page.Partners);
            token = page.ResumeToken;
            calls++;
        }
        while (token is not null);

        Assert.Equal(8, calls);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), seen.Select(s => s.PartnerId));
        Assert.All(seen, s =>
        {
            var e = expected[s.PartnerId];
            Assert.Equal(e.People.Count, s.Evidence.People.Count);
            Assert.Equal(e.Revenue, s.Evidence.Revenue);
            Assert.Equal(e.References, s.Evidence.References);
        });
    }

    [Fact]
    public async Task ScanPartners_EmptyTable_OneEmptyFinalPage()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        var page = await storage.Get<IPartnerRepository>().ReadPartnerPageAsync(null, 100);

        Assert.Empty(page.Partners);
        Assert.Null(page.ResumeToken);
    }

    [Fact]
    public async Task ReadPartnerPage_ForeignToken_IsRejected()
    {
        await using var storage = await StorageContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix());
        await Assert.ThrowsAsync<ArgumentException>(() => storage.Get<IPartnerRepository>().ReadPartnerPageAsync("not-a-token", 10));
    }

    private static async Task WriteDecisionAsync(IPartnerRepository partners, string partnerId)
    {
        var profile = (await partners.GetProfileAsync(partnerId))!;
        var decision = new TierDecision("d:" + partnerId, partnerId, DecisionKind.Evaluation, new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), "v", Tier.Gold, Tier.Platinum, TierChangeKind.Upgraded, "test", null, null, "system");
        await partners.RecordDecisionAsync(decision, new PartnerStatus(TierState.Holding(Tier.Platinum), new Dictionary<string, CompetencyLevel>(), null, null, null), profile.ETag);
    }
}
