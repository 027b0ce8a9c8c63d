using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Partners;

/// <summary>The partner search index on Azurite. Each test has tables of its own: a search sees the whole index.</summary>
public sealed class PartnerSearchIndexTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Endpoint = "endpoint-security-ent";
    private const string Cloud = "cloud-security-ent";

    [Fact]
    public async Task Search_TextWithoutAccentsOrCase_FindsAccentedNamesByWordPrefix()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        await partners.UpsertPartnerAsync(Partner("p-alpha", "Sécurité Plus SAS"));
        await partners.UpsertPartnerAsync(Partner("p-beta", "Réseaux Lyon SARL"));
        await partners.UpsertPartnerAsync(Partner("p-gamma", "Cœur Numérique"));
        var index = storage.Get<IPartnerSearchIndex>();

        Assert.Equal(["p-alpha"], await IdsAsync(index, "securite"));
        Assert.Equal(["p-alpha"], await IdsAsync(index, "SÉCU"));
        Assert.Equal(["p-alpha"], await IdsAsync(index, "plus secu"));
        Assert.Equal(["p-beta"], await IdsAsync(index, "reseau"));
        Assert.Equal(["p-gamma"], await IdsAsync(index, "coeur numerique"));
        Assert.Empty(await IdsAsync(index, "lyon secu"));
        Assert.Empty(await IdsAsync(index, "curite"));

        // "s" is a prefix of two words of p-alpha ("sas", "securite"): still one hit per partner.
        Assert.Equal(["p-alpha", "p-beta"], (await IdsAsync(index, "s")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_PartnerId_FindsThePartnerByItsIdOrAnIdWord()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        await partners.UpsertPartnerAsync(Partner("fr-000123", "Atlantique Conseil"));
        await partners.UpsertPartnerAsync(Partner("fr-000124", "Provence Réseaux"));
        var index = storage.Get<IPartnerSearchIndex>();

        Assert.Equal(["fr-000123"], await IdsAsync(index, "fr-000123"));
        Assert.Equal(["fr-000123"], await IdsAsync(index, "FR-000123"));
        Assert.Equal(["fr-000124"], await IdsAsync(index, "000124"));
        Assert.Equal(2, (await IdsAsync(index, "fr-0001")).Count);
        Assert.Empty(await IdsAsync(index, "fr-000125"));
    }

    [Fact]
    public async Task Search_EachFilter_KeepsOnlyMatchingPartners()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        await partners.UpsertPartnerAsync(Partner("a-gold", "Alpha Gold", "FR", ["tech-endpoint-security"]));
        await partners.UpsertPartnerAsync(Partner("b-silver", "Beta Silver", "BE", ["market-smb-security"]));
        await partners.UpsertPartnerAsync(Partner("c-registered", "Gamma Registered", "FR", []));
        await DecideAsync(partners, "a-gold", TierState.Holding(Tier.Gold), new() { [Endpoint] = CompetencyLevel.Expert, [Cloud] = CompetencyLevel.Principal });
        await DecideAsync(partners, "b-silver", new TierState(Tier.Silver, Tier.Registered, new DateOnly(2027, 1, 31), false), new() { [Endpoint] = CompetencyLevel.Principal });
        var index = storage.Get<IPartnerSearchIndex>();

        Assert.Equal(["a-gold"], await IdsAsync(index, new PartnerSearchQuery { Tier = Tier.Gold }));
        Assert.Equal(["c-registered"], await IdsAsync(index, new PartnerSearchQuery { Tier = Tier.Registered }));
        Assert.Equal(["a-gold", "b-silver"], await IdsAsync(index, new PartnerSearchQuery { CompetencyId = Endpoint }));
        Assert.Equal(["a-gold"], await IdsAsync(index, new PartnerSearchQuery { CompetencyId = Endpoint, MinimumLevel = CompetencyLevel.Expert }));
        Assert.Equal(["a-gold"], await IdsAsync(index, new PartnerSearchQuery { CompetencyId = Cloud }));
        Assert.Equal(["a-gold", "c-registered"], await IdsAsync(index, new PartnerSearchQuery { Country = "fr" }));
        Assert.Equal(["b-silver"], await IdsAsync(index, new PartnerSearchQuery { LegacySpecialization = "market-smb-security" }));
        Assert.Equal(["c-registered"], await IdsAsync(index, new PartnerSearchQuery { Text = "gamma", Country = "FR" }));
        Assert.Empty(await IdsAsync(index, new PartnerSearchQuery { Text = "gamma", Tier = Tier.Gold }));
        Assert.Equal(["a-gold"], await IdsAsync(index, new PartnerSearchQuery { Text = "alpha", CompetencyId = Endpoint, MinimumLevel = CompetencyLevel.Expert, Country = "FR", Tier = Tier.Gold, LegacySpecialization = "tech-endpoint-security" }));

        var silver = Assert.Single((await index.SearchAsync(new PartnerSearchQuery { Text = "beta" })).Items);
        Assert.Equal("Beta Silver", silver.Name);
        Assert.Equal("BE", silver.Country);
        Assert.Equal(Tier.Silver, silver.Tier);
        Assert.True(silver.DowngradePending);
        Assert.Equal(new DateOnly(2027, 1, 31), silver.TierState.GraceEndsOn);
        Assert.Equal(CompetencyLevel.Principal, silver.CompetencyLevels[Endpoint]);
        Assert.Equal(["market-smb-security"], silver.LegacySpecializations);
    }

    [Fact]
    public async Task Search_PagesWithContinuation_EveryPartnerOnceInNameOrder()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        var ids = Enumerable.Range(0, 30).Select(i => FormattableString.Invariant($"fr-{i:D3}")).ToArray();
        await Parallel.ForEachAsync(ids, async (id, ct) =>
            await partners.UpsertPartnerAsync(Partner(id, FormattableString.Invariant($"Zèbre {99 - int.Parse(id[3..], System.Globalization.CultureInfo.InvariantCulture):D2} Réseaux")), ct));
        var index = storage.Get<IPartnerSearchIndex>();

        var listed = await AllPagesAsync(index, new PartnerSearchQuery { PageSize = 7 });
        var searched = await AllPagesAsync(index, new PartnerSearchQuery { Text = "zebre", PageSize = 4 });

        // Name order: "Zèbre 70" (fr-029) first.
        Assert.Equal([7, 7, 7, 7, 2], listed.Select(p => p.Items.Count));
        Assert.Equal(ids.Reverse(), listed.SelectMany(p => p.Items).Select(h => h.PartnerId));
        Assert.Null(listed[^1].ContinuationToken);
        Assert.Equal(30, searched.SelectMany(p => p.Items).Select(h => h.PartnerId).Distinct().Count());
        Assert.Equal(8, searched.Count);

        // Exactly a page left: no token on it (no empty last page).
        var exact = await AllPagesAsync(index, new PartnerSearchQuery { PageSize = 10 });
        Assert.Equal([10, 10, 10], exact.Select(p => p.Items.Count));

        var other = await Assert.ThrowsAsync<ArgumentException>(() =>
            index.SearchAsync(new PartnerSearchQuery { Text = "reseaux", ContinuationToken = listed[0].ContinuationToken }));
        Assert.Equal(nameof(PartnerSearchQuery.ContinuationToken), other.ParamName);
    }

    [Fact]
    public async Task UpsertPartner_Renamed_IndexFollowsAndOldWordsAreGone()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        var index = storage.Get<IPartnerSearchIndex>();
        await partners.UpsertPartnerAsync(Partner("fr-1", "Ancien Nom Informatique"));
        var before = await IndexRowCountAsync(storage);
        Assert.Equal(["fr-1"], await IdsAsync(index, "ancien"));

        await partners.UpsertPartnerAsync(Partner("fr-1", "Nouveau Nom", "BE"));

        Assert.Empty(await IdsAsync(index, "ancien"));
        Assert.Empty(await IdsAsync(index, "informatique"));
        Assert.Equal(["fr-1"], await IdsAsync(index, "nouveau nom"));
        Assert.Equal(["fr-1"], await IdsAsync(index, new PartnerSearchQuery { Country = "BE" }));
        Assert.Equal(before - 1, await IndexRowCountAsync(storage));

        // Seeding writes the index too.
        await partners.UpsertEvidenceAsync(TestData.Evidence("fr-2"), "erp");
        Assert.Equal(["fr-2"], await IdsAsync(index, "lyon"));
    }

    [Fact]
    public async Task RecordDecision_StatusChanges_IndexShowsItWithOrWithoutAPriorRead()
    {
        var prefix = AzuriteFixture.UniquePrefix();
        await using var storage = await NewStorageAsync(prefix);
        var partners = storage.Get<IPartnerRepository>();
        var index = storage.Get<IPartnerSearchIndex>();
        await partners.UpsertPartnerAsync(Partner("fr-1", "Dupont Sécurité"));

        // Profile read by this process: the decision's index write needs no read.
        await DecideAsync(partners, "fr-1", TierState.Holding(Tier.Platinum), new() { [Endpoint] = CompetencyLevel.Expert });
        Assert.Equal(["fr-1"], await IdsAsync(index, new PartnerSearchQuery { Tier = Tier.Platinum, Text = "dupont" }));

        // Another process (nothing remembered) writes the next decision: the index is re-read from the profile.
        await using var other = await NewStorageAsync(prefix);
        var etag = (await partners.GetProfileAsync("fr-1"))!.ETag;
        await other.Get<IPartnerRepository>().RecordDecisionAsync(Decision("fr-1", "run-2:fr-1"), Status(TierState.Holding(Tier.Silver), []), etag);

        var hit = Assert.Single((await index.SearchAsync(new PartnerSearchQuery { Text = "dupont" })).Items);
        Assert.Equal(Tier.Silver, hit.Tier);
        Assert.Empty(hit.CompetencyLevels);
        Assert.Empty(await IdsAsync(index, new PartnerSearchQuery { CompetencyId = Endpoint }));
    }

    [Fact]
    public async Task Rebuild_IndexMissingAndOrphaned_RepairsThenSecondRunWritesNothing()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        var index = storage.Get<IPartnerSearchIndex>();
        await partners.UpsertPartnerAsync(Partner("fr-1", "Alpha Conseil"));
        await partners.UpsertPartnerAsync(Partner("fr-2", "Beta Conseil"));
        await DecideAsync(partners, "fr-2", TierState.Holding(Tier.Gold), new() { [Endpoint] = CompetencyLevel.Principal });
        var expected = await AllPagesAsync(index, new PartnerSearchQuery());

        // An index write lost after its partner write (fr-2's rows gone) and an entry of a partner that does not exist.
        foreach (var table in storage.Clients.Names.PartnerSearchShards.Select(storage.Clients.Table))
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter: "PartnerId eq 'fr-2'"))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }

        await using (var orphanStorage = await NewStorageAsync(storage.Clients.Names.Prefix))
        {
            await orphanStorage.Get<IPartnerRepository>().UpsertPartnerAsync(Partner("fr-9", "Gamma Fantôme"));
        }

        await storage.Clients.Table(storage.Clients.Names.Partners).DeleteEntityAsync("fr-9", "fr-9~profile");
        Assert.Empty(await IdsAsync(index, "beta"));

        var first = await index.RebuildAsync();
        var second = await index.RebuildAsync();

        Assert.Equal(new PartnerIndexRebuildResult(2, 1, 1), first);
        Assert.Equal(new PartnerIndexRebuildResult(2, 0, 0), second);
        Assert.Equal(["fr-2"], await IdsAsync(index, new PartnerSearchQuery { Text = "beta", Tier = Tier.Gold, CompetencyId = Endpoint }));
        Assert.Empty(await IdsAsync(index, "gamma"));
        Assert.Equal(
            expected.SelectMany(p => p.Items).Select(h => (h.PartnerId, h.Tier, h.Name)),
            (await AllPagesAsync(index, new PartnerSearchQuery())).SelectMany(p => p.Items).Select(h => (h.PartnerId, h.Tier, h.Name)));
    }

    [Fact]
    public async Task Summarize_CountsPartnersByTierAndCompetencyLevel()
    {
        await using var storage = await NewStorageAsync();
        var partners = storage.Get<IPartnerRepository>();
        await partners.UpsertPartnerAsync(Partner("fr-1", "Un"));
        await partners.UpsertPartnerAsync(Partner("fr-2", "Deux"));
        await partners.UpsertPartnerAsync(Partner("fr-3", "Trois"));
        await DecideAsync(partners, "fr-1", TierState.Holding(Tier.Gold), new() { [Endpoint] = CompetencyLevel.Expert, [Cloud] = CompetencyLevel.Principal });
        await DecideAsync(partners, "fr-2", new TierState(Tier.Gold, Tier.Silver, new DateOnly(2027, 1, 1), false), new() { [Endpoint] = CompetencyLevel.Principal });

        var summary = await storage.Get<IPartnerSearchIndex>().SummarizeAsync();

        Assert.Equal(3, summary.Partners);
        Assert.Equal(2, summary.ByTier[Tier.Gold]);
        Assert.Equal(1, summary.ByTier[Tier.Registered]);
        Assert.Equal(0, summary.ByTier[Tier.Platinum]);
        Assert.Equal(1, summary.DowngradesPending);
        Assert.Equal(new CompetencyLevelCounts(1, 1), summary.Competencies[Endpoint]);
        Assert.Equal(new CompetencyLevelCounts(1, 0), summary.Competencies[Cloud]);
    }

    public static TheoryData<PartnerSearchQuery, string> BadQueries() => new()
    {
        { new PartnerSearchQuery { PageSize = 0 }, nameof(PartnerSearchQuery.PageSize) },
        { new PartnerSearchQuery { PageSize = 101 }, nameof(PartnerSearchQuery.PageSize) },
        { new PartnerSearchQuery { Text = "!!! ???" }, nameof(PartnerSearchQuery.Text) },
        { new PartnerSearchQuery { Text = new string('a', 101) }, nameof(PartnerSearchQuery.Text) },
        { new PartnerSearchQuery { Text = "a b c d e f g" }, nameof(PartnerSearchQuery.Text) },
        { new PartnerSearchQuery { Tier = (Tier)9 }, nameof(PartnerSearchQuery.Tier) },
        { new PartnerSearchQuery { CompetencyId = "" }, nameof(PartnerSearchQuery.CompetencyId) },
        { new PartnerSearchQuery { MinimumLevel = CompetencyLevel.Expert }, nameof(PartnerSearchQuery.MinimumLevel) },
        { new PartnerSearchQuery { CompetencyId = Endpoint, MinimumLevel = CompetencyLevel.None }, nameof(PartnerSearchQuery.MinimumLevel) },
        { new PartnerSearchQuery { Country = "FRA" }, nameof(PartnerSearchQuery.Country) },
        { new PartnerSearchQuery { Country = "F1" }, nameof(PartnerSearchQuery.Country) },
        { new PartnerSearchQuery { LegacySpecialization = "a\nb" }, nameof(PartnerSearchQuery.LegacySpecialization) },
        { new PartnerSearchQuery { ContinuationToken = "not a token" }, nameof(PartnerSearchQuery.ContinuationToken) },
        { new PartnerSearchQuery { ContinuationToken = "Zm9v" }, nameof(PartnerSearchQuery.ContinuationToken) },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Search_BadQueryValue_ThrowsArgumentExceptionNamingTheField(PartnerSearchQuery query, string field)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var storage = await NewStorageAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => storage.Get<IPartnerSearchIndex>().SearchAsync(query));

        Assert.Equal(field, error.ParamName);
    }

    private Task<StorageContext> NewStorageAsync(string? prefix = null) => StorageContext.CreateAsync(azurite, prefix ?? AzuriteFixture.UniquePrefix());

    private static Partner Partner(string id, string name, string country = "FR", string[]? specializations = null) =>
        new(id, name, country, "fr", "contact@" + id + ".example", specializations ?? ["tech-endpoint-security"], Tier.Registered);

    private static TierDecision Decision(string partnerId, string decisionId) =>
        new(decisionId, partnerId, DecisionKind.Evaluation, new DateTimeOffset(2026, 10, 1, 12, 0, 0, TimeSpan.Zero), TestData.Definition.VersionTag, Tier.Registered, Tier.Gold, TierChangeKind.Upgraded, "test", null, "run-1", "system");

    private static PartnerStatus Status(TierState state, Dictionary<string, CompetencyLevel> levels) =>
        new(state, levels, new DateOnly(2026, 10, 1), TestData.Definition.VersionTag, null);

    private static async Task DecideAsync(IPartnerRepository partners, string partnerId, TierState state, Dictionary<string, CompetencyLevel> levels)
    {
        var profile = await partners.GetProfileAsync(partnerId);
        await partners.RecordDecisionAsync(Decision(partnerId, "run-1:" + partnerId), Status(state, levels), profile!.ETag);
    }

    private static Task<List<string>> IdsAsync(IPartnerSearchIndex index, string text) => IdsAsync(index, new PartnerSearchQuery { Text = text });

    private static async Task<List<string>> IdsAsync(IPartnerSearchIndex index, PartnerSearchQuery query) =>
        (await AllPagesAsync(index, query)).SelectMany(p => p.Items).Select(h => h.PartnerId).ToList();

    private static async Task<List<PagedResult<PartnerSearchHit>>> AllPagesAsync(IPartnerSearchIndex index, PartnerSearchQuery query)
    {
        var pages = new List<PagedResult<PartnerSearchHit>>();
        string? token = null;
        do
        {
            var page = await index.SearchAsync(query with { ContinuationToken = token });
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 100);

        return pages;
    }

    private static async Task<int> IndexRowCountAsync(StorageContext storage)
    {
        var count = 0;
        foreach (var table in storage.Clients.Names.PartnerSearchShards.Select(storage.Clients.Table))
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
            {
                count++;
            }
        }

        return count;
    }
}
