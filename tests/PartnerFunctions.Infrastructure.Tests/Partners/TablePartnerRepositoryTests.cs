using Azure.Data.Tables;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Testing;

namespace PartnerFunctions.Infrastructure.Tests.Partners;

public sealed class TablePartnerRepositoryTests(AzuriteFixture azurite) : StorageTestBase(azurite)
{
    private static DateTimeOffset Noon => new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    private IPartnerRepository Partners => Storage.Get<IPartnerRepository>();

    [Fact]
    public async Task UpsertPartner_NewPartner_ReadsBackWithInitialStatus()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Silver));

        var profile = await Partners.GetProfileAsync(id);

        Assert.NotNull(profile);
        Assert.Equal(id, profile.Partner.Id);
        Assert.Equal("Sécurité Lyon SAS", profile.Partner.Name);
        Assert.Equal(["tech-endpoint-security", "market-smb-security"], profile.Partner.LegacySpecializations);
        Assert.Equal(Tier.Silver, profile.Partner.LegacyTier);
        Assert.Equal(TierState.Holding(Tier.Silver), profile.Status.TierState);
        Assert.Empty(profile.Status.CompetencyLevels);
        Assert.False(string.IsNullOrEmpty(profile.ETag));
        Assert.Null(await Partners.GetProfileAsync(NewId("absent")));
    }

    [Fact]
    public async Task UpsertPartner_EightConcurrentFirstWrites_ExactlyOneCreates()
    {
        var id = NewId("fr");
        using var start = new ManualResetEventSlim();
        var writes = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await Partners.UpsertPartnerAsync(TestData.Partner(id) with { Name = FormattableString.Invariant($"Writer {i}") });
            }))
            .ToArray();
        start.Set();

        var created = await Task.WhenAll(writes);

        Assert.Equal(1, created.Count(c => c));
        var profile = await Partners.GetProfileAsync(id);
        Assert.StartsWith("Writer ", profile!.Partner.Name, StringComparison.Ordinal);
        Assert.False(await Partners.UpsertPartnerAsync(TestData.Partner(id)));
    }

    [Fact]
    public async Task UpsertPartner_ExistingPartnerWithStatus_UpdateKeepsTheStatus()
    {
        var id = NewId("fr");
        Assert.True(await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Silver)));

        Assert.False(await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Silver) with { Name = "Renamed" }));

        var profile = await Partners.GetProfileAsync(id);
        Assert.Equal(("Renamed", TierState.Holding(Tier.Silver)), (profile!.Partner.Name, profile.Status.TierState));
    }

    [Fact]
    public async Task UpsertEvidence_ReadSnapshot_RoundTripsEveryRowKind()
    {
        var evidence = TestData.Evidence(NewId("fr"), people: 5, revenueLines: 12, references: 3);
        await Partners.UpsertEvidenceAsync(evidence, "erp");

        var snapshot = await Partners.GetSnapshotAsync(evidence.Partner.Id);

        Assert.NotNull(snapshot);
        Assert.Equal(evidence.Partner with { LegacySpecializations = [] }, snapshot.Evidence.Partner with { LegacySpecializations = [] });
        Assert.Equal(evidence.People.Select(Describe), snapshot.Evidence.People.Select(Describe));
        Assert.Equal(evidence.Revenue, snapshot.Evidence.Revenue);
        Assert.Equal(evidence.References, snapshot.Evidence.References);
    }

    [Fact]
    public async Task UpsertEvidence_150RowsOfOnePartner_WrittenInTwoTransactionsAndReadBack()
    {
        // 1 profile + 20 people + 120 revenue lines + 9 references = 150 rows: over the 100-row transaction limit.
        var evidence = TestData.Evidence(NewId("big"), people: 20, revenueLines: 120, references: 9);
        await Partners.UpsertEvidenceAsync(evidence, "erp");

        var snapshot = await Partners.GetSnapshotAsync(evidence.Partner.Id);

        Assert.NotNull(snapshot);
        Assert.Equal(20, snapshot.Evidence.People.Count);
        Assert.Equal(120, snapshot.Evidence.Revenue.Count);
        Assert.Equal(9, snapshot.Evidence.References.Count);
        Assert.Equal(evidence.Revenue.Sum(r => r.Amount), snapshot.Evidence.Revenue.Sum(r => r.Amount));
    }

    [Fact]
    public async Task UpsertRevenue_DecimalAmounts_StoredExactly()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        var amounts = new[] { 0.01m, 1234567890123.456789m, 100.10m, 7m };
        await Partners.UpsertRevenueAsync(id, amounts.Select((a, i) => new RevenueEntry(new RevenueLine($"l{i}", "encryption", new DateOnly(2026, 2, 1), a, "EUR"), "dist")));

        var snapshot = await Partners.GetSnapshotAsync(id);

        Assert.Equal(amounts, snapshot!.Evidence.Revenue.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Amount));
        Assert.Equal("100.10", snapshot.Evidence.Revenue.Single(r => r.Id == "l2").Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RecordDecision_WritesDecisionWithItsReasonAndStatusTogether()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Gold));
        var profile = (await Partners.GetProfileAsync(id))!;
        var receipt = Receipt(id);
        var decision = Decision(id, "run-1:" + id, Noon, TierChangeKind.GracePeriodStarted, receipt) with
        {
            Why = new TierReason(TierReasonCode.GracePeriodStarted, Tier.Silver, Tier.Gold, new DateOnly(2026, 12, 30)),
        };
        var status = Status(new TierState(Tier.Gold, Tier.Silver, new DateOnly(2026, 12, 30), false));

        var result = await Partners.RecordDecisionAsync(decision, status, profile.ETag);

        Assert.Equal(DecisionWriteOutcome.Applied, result.Outcome);
        var after = (await Partners.GetProfileAsync(id))!;
        Assert.Equal(result.ProfileETag, after.ETag);
        Assert.Equal(status.TierState, after.Status.TierState);
        Assert.Equal(CompetencyLevel.Principal, after.Status.CompetencyLevels["encryption"]);
        Assert.Equal(new DateOnly(2026, 10, 1), after.Status.LastEvaluatedOn);
        Assert.Equal(decision.DecisionId, after.Status.LastDecisionId);
        var stored = Assert.Single((await Partners.ListDecisionsAsync(id, 10, null)).Items);
        Assert.Equal(decision with { Receipt = null }, stored with { Receipt = null });
        Assert.Equal(Json(receipt), Json(stored.Receipt!));
    }

    [Fact]
    public async Task RecordDecision_Replay_IsAlreadyAppliedAndWritesNoDuplicate()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Silver));
        var etag = (await Partners.GetProfileAsync(id))!.ETag;
        var decision = Decision(id, "run-7:" + id, Noon, TierChangeKind.Upgraded, null);
        var status = Status(TierState.Holding(Tier.Gold));
        var first = await Partners.RecordDecisionAsync(decision, status, etag);

        // The activity runs again with the token it read before the first write (at-least-once delivery) ...
        var replay = await Partners.RecordDecisionAsync(decision, status, etag);
        // ... or re-reads the profile, and its clock moved (different row key): still recognised.
        var replayLater = await Partners.RecordDecisionAsync(decision with { At = Noon.AddMinutes(3) }, status, first.ProfileETag);

        Assert.Equal(DecisionWriteOutcome.Applied, first.Outcome);
        Assert.Equal(DecisionWriteOutcome.AlreadyApplied, replay.Outcome);
        Assert.Equal(first.ProfileETag, replay.ProfileETag);
        Assert.Equal(DecisionWriteOutcome.AlreadyApplied, replayLater.Outcome);
        var stored = Assert.Single((await Partners.ListDecisionsAsync(id, 10, null)).Items);
        Assert.Equal(Noon, stored.At);
    }

    [Fact]
    public async Task RecordDecision_ProfileChangedSinceRead_ThrowsConcurrencyConflictAndWritesNothing()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Gold));
        var stale = (await Partners.GetProfileAsync(id))!.ETag;
        await Partners.RecordDecisionAsync(Decision(id, "a:" + id, Noon, TierChangeKind.Unchanged, null), Status(TierState.Holding(Tier.Gold)), stale);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Partners.RecordDecisionAsync(Decision(id, "b:" + id, Noon.AddDays(1), TierChangeKind.Upgraded, null), Status(TierState.Holding(Tier.Platinum)), stale));

        var decisions = (await Partners.ListDecisionsAsync(id, 10, null)).Items;
        Assert.Equal(["a:" + id], decisions.Select(d => d.DecisionId));
        Assert.Equal(Tier.Gold, (await Partners.GetProfileAsync(id))!.Status.TierState.Current);
    }

    [Fact]
    public async Task RecordDecision_TwoWritersOfOneProfile_ExactlyOneWinsAndNoUpdateIsLost()
    {
        var id = NewId("race");
        await Partners.UpsertPartnerAsync(TestData.Partner(id, Tier.Silver));
        var etag = (await Partners.GetProfileAsync(id))!.ETag;
        using var start = new ManualResetEventSlim();

        async Task<(string Writer, Exception? Error)> Write(string writer, Tier tier)
        {
            await Task.Yield();
            start.Wait();
            try
            {
                await Partners.RecordDecisionAsync(Decision(id, writer + ":" + id, Noon, TierChangeKind.Upgraded, null), Status(TierState.Holding(tier)), etag);
                return (writer, null);
            }
            catch (ConcurrencyConflictException ex)
            {
                return (writer, ex);
            }
        }

        var a = Task.Run(() => Write("a", Tier.Gold));
        var b = Task.Run(() => Write("b", Tier.Platinum));
        start.Set();
        var results = await Task.WhenAll(a, b);

        var winner = Assert.Single(results, r => r.Error is null);
        Assert.Single(results, r => r.Error is ConcurrencyConflictException);
        var profile = (await Partners.GetProfileAsync(id))!;
        Assert.Equal(winner.Writer == "a" ? Tier.Gold : Tier.Platinum, profile.Status.TierState.Current);
        Assert.Equal(winner.Writer + ":" + id, profile.Status.LastDecisionId);
        Assert.Equal([winner.Writer + ":" + id], (await Partners.ListDecisionsAsync(id, 10, null)).Items.Select(d => d.DecisionId));
    }

    [Fact]
    public async Task ListDecisions_NewestFirst_PagedWithContinuation()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        for (var day = 0; day < 7; day++)
        {
            var etag = (await Partners.GetProfileAsync(id))!.ETag;
            await Partners.RecordDecisionAsync(Decision(id, FormattableString.Invariant($"night-{day}:{id}"), Noon.AddDays(day), TierChangeKind.Unchanged, null), Status(TierState.Holding(Tier.Gold)), etag);
        }

        var seen = new List<TierDecision>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Partners.ListDecisionsAsync(id, 3, token);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(d => Noon.AddDays(d)), seen.Select(d => d.At));
        Assert.InRange(pages, 3, 4);

        // Decisions are history: a partner's snapshot (one partition query) leaves them out.
        var snapshot = await Partners.GetSnapshotAsync(id);
        Assert.NotNull(snapshot);
    }

    [Fact]
    public async Task ChangeReferenceState_AppendsHistory_AndStaleTokenConflicts()
    {
        var evidence = TestData.Evidence(NewId("fr"), people: 1, revenueLines: 0, references: 1);
        await Partners.UpsertEvidenceAsync(evidence, "erp");
        var referenceId = evidence.References[0].Id;
        var stored = (await Partners.GetReferenceAsync(evidence.Partner.Id, referenceId))!;

        var review = await Partners.ChangeReferenceStateAsync(evidence.Partner.Id, referenceId, new ReferenceStateChange(ReferenceState.InReview, Noon, "staff@example.com", null), stored.ETag);
        var approved = await Partners.ChangeReferenceStateAsync(evidence.Partner.Id, referenceId, new ReferenceStateChange(ReferenceState.Approved, Noon.AddHours(1), "staff@example.com", "call done"), review.ETag);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Partners.ChangeReferenceStateAsync(evidence.Partner.Id, referenceId, new ReferenceStateChange(ReferenceState.Rejected, Noon.AddHours(2), "other@example.com", null), review.ETag));

        var reread = (await Partners.GetReferenceAsync(evidence.Partner.Id, referenceId))!;
        Assert.Equal(ReferenceState.Approved, reread.Reference.State);
        Assert.Equal([ReferenceState.InReview, ReferenceState.Approved], reread.History.Select(h => h.State));
        Assert.Equal("call done", reread.History[1].Note);
        Assert.Equal(Noon.AddHours(1), reread.History[1].At);
        Assert.Equal(approved.ETag, reread.ETag);

        // Re-upserting the reference details keeps the review history.
        await Partners.UpsertReferencesAsync(evidence.Partner.Id, [reread.Reference with { CustomerName = "Clinique du Parc" }]);
        var afterUpsert = (await Partners.GetReferenceAsync(evidence.Partner.Id, referenceId))!;
        Assert.Equal("Clinique du Parc", afterUpsert.Reference.CustomerName);
        Assert.Equal(2, afterUpsert.History.Count);
    }

    [Fact]
    public async Task SaveReferenceDetails_EditRacingAReview_ConflictsAndKeepsTheReview()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        var submitted = new ReferenceStateChange(ReferenceState.Submitted, Noon, "partner:" + id, null);
        var reference = new CustomerReference("ref-1", "encryption", "Mairie de Lyon", Market.Midmarket, ReferenceState.Approved, 4.5m);

        // Created as submitted whatever state the caller passes; a second create of the same id conflicts.
        var created = await Partners.SaveReferenceDetailsAsync(id, reference, submitted, null);
        Assert.Equal(ReferenceState.Submitted, created.Reference.State);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Partners.SaveReferenceDetailsAsync(id, reference, submitted, null));

        // Staff approve it after the partner read it: the partner's edit with the old token must not undo the approval.
        await Partners.ChangeReferenceStateAsync(id, "ref-1", new ReferenceStateChange(ReferenceState.Approved, Noon.AddHours(1), "staff@example.com", null), created.ETag);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Partners.SaveReferenceDetailsAsync(id, reference with { CustomerName = "Mairie de Lyon 3e" }, submitted, created.ETag));

        var reread = (await Partners.GetReferenceAsync(id, "ref-1"))!;
        Assert.Equal(ReferenceState.Approved, reread.Reference.State);
        Assert.Equal("Mairie de Lyon", reread.Reference.CustomerName);
        Assert.Equal([ReferenceState.Submitted, ReferenceState.Approved], reread.History.Select(h => h.State));

        // An edit with the current token changes the details and keeps the server-owned state and history.
        var edited = await Partners.SaveReferenceDetailsAsync(id, reread.Reference with { CustomerName = "Mairie de Lyon 3e", State = ReferenceState.Rejected }, submitted, reread.ETag);
        Assert.Equal(ReferenceState.Approved, edited.Reference.State);
        var final = (await Partners.GetReferenceAsync(id, "ref-1"))!;
        Assert.Equal("Mairie de Lyon 3e", final.Reference.CustomerName);
        Assert.Equal(ReferenceState.Approved, final.Reference.State);
        Assert.Equal(2, final.History.Count);
    }

    [Fact]
    public async Task AddReferenceDocument_ConcurrentAdds_AllKept()
    {
        var evidence = TestData.Evidence(NewId("fr"), people: 0, revenueLines: 0, references: 1);
        await Partners.UpsertEvidenceAsync(evidence, "erp");
        var referenceId = evidence.References[0].Id;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Partners.AddReferenceDocumentAsync(evidence.Partner.Id, referenceId, $"doc-{i}")));
        await Partners.AddReferenceDocumentAsync(evidence.Partner.Id, referenceId, "doc-0");

        var stored = (await Partners.GetReferenceAsync(evidence.Partner.Id, referenceId))!;
        Assert.Equal(["doc-0", "doc-1", "doc-2", "doc-3"], stored.DocumentNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MergeAccreditations_SameDataTwice_SecondChangesNothing()
    {
        var id = NewId("fr");
        await Partners.UpsertPartnerAsync(TestData.Partner(id));
        PersonAccreditations[] people =
        [
            new("p1", "Léa Petit", null, [new Accreditation("encryption", new DateOnly(2026, 1, 10), null)]),
            new("p1", "Léa Petit", null, [new Accreditation("endpoint-management", new DateOnly(2026, 2, 10), new DateOnly(2027, 2, 9))]),
            new("p2", "Hugo Roux", new DateOnly(2019, 5, 1), [new Accreditation("encryption", new DateOnly(2025, 11, 3), null)]),
        ];

        var first = await Partners.MergeAccreditationsAsync(id, people);
        var etags = await RowETags(id);
        var second = await Partners.MergeAccreditationsAsync(id, people);

        Assert.Equal(new AccreditationMergeResult(2, 0, 0), first);
        Assert.Equal(new AccreditationMergeResult(0, 0, 2), second);
        Assert.Equal(etags, await RowETags(id));
        var lea = (await Partners.GetSnapshotAsync(id))!.Evidence.People.Single(p => p.Id == "p1");
        Assert.Equal(new DateOnly(2026, 1, 10), lea.EmployedFrom);
        Assert.Equal(2, lea.Accreditations.Count);

        var third = await Partners.MergeAccreditationsAsync(id, [new("p1", "Léa Petit", null, [new Accreditation("encryption", new DateOnly(2026, 1, 10), new DateOnly(2027, 1, 1))])]);
        Assert.Equal(new AccreditationMergeResult(0, 1, 0), third);
        var updated = (await Partners.GetSnapshotAsync(id))!.Evidence.People.Single(p => p.Id == "p1");
        Assert.Equal(new DateOnly(2027, 1, 1), updated.Accreditations.Single(a => a.CompetencyId == "encryption").ExpiresOn);
    }

    [Fact]
    public async Task PartnerIdsWithReservedCharacters_AreStoredAndReadBack()
    {
        var id = "odd/partner#1?x~y\\z " + Guid.NewGuid().ToString("N")[..6];
        await Partners.UpsertEvidenceAsync(TestData.Evidence(id, people: 1, revenueLines: 1, references: 1) with { Partner = TestData.Partner(id) }, "erp/2026");

        var snapshot = await Partners.GetSnapshotAsync(id);

        Assert.Equal(id, snapshot!.PartnerId);
        Assert.Single(snapshot.Evidence.People);
    }

    private static string Describe(Person p) =>
        $"{p.Id}|{p.Name}|{p.EmployedFrom}|{p.EmployedTo}|{string.Join(';', p.Accreditations.Select(a => $"{a.CompetencyId}@{a.CompletedOn}-{a.ExpiresOn}"))}";

    private static string Json(EvaluationReceipt receipt) => System.Text.Json.JsonSerializer.Serialize(receipt);

    private static EvaluationReceipt Receipt(string partnerId)
    {
        var evidence = TestData.Evidence(partnerId, people: 3, revenueLines: 12, references: 2);
        return PartnerEvaluator.Evaluate(TestData.Definition, evidence, new DateOnly(2026, 10, 1)).ToReceipt();
    }

    private static TierDecision Decision(string partnerId, string decisionId, DateTimeOffset at, TierChangeKind change, EvaluationReceipt? receipt) =>
        new(decisionId, partnerId, DecisionKind.Evaluation, at, TestData.Definition.VersionTag, Tier.Gold, Tier.Gold, change, "test", receipt, "run-1", "system");

    private static PartnerStatus Status(TierState state) =>
        new(state, new Dictionary<string, CompetencyLevel> { ["encryption"] = CompetencyLevel.Principal }, new DateOnly(2026, 10, 1), TestData.Definition.VersionTag, null);

    private async Task<string[]> RowETags(string partnerId)
    {
        var table = Storage.Clients.Table(Storage.Clients.Names.Partners);
        var rows = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partnerId}")))
        {
            rows.Add(row.RowKey + "=" + row.ETag);
        }

        return [.. rows];
    }
}
