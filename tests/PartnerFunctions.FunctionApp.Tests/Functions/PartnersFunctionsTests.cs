using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

/// <summary>The partner API end to end: profile, people, revenue, evaluation, decisions, migration preview (references: the partial file).</summary>
public sealed partial class PartnersFunctionsTests(AzuriteFixture azurite) : ApiTestBase(azurite)
{
    private const string Competency = "endpoint-security-ent";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.ActivateDefaultDefinitionAsync();
    }

    [Fact]
    public async Task PutPartner_NewPartner_Returns201AndProfileHoldsLegacyTier()
    {
        var id = NewId("p");

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());
        var get = await CallAsync(r => PartnersFunctions.GetPartner(r, id), "GET", $"/api/partners/{id}");

        Assert.Equal(201, put.Status);
        Assert.Equal($"/api/partners/{id}", put.Headers.Location.ToString());
        Assert.Equal(200, get.Status);
        var body = get.Json;
        Assert.Equal(id, body.GetProperty("partnerId").GetString());
        Assert.Equal("Acme Sécurité", body.GetProperty("name").GetString());
        Assert.Equal("silver", body.GetProperty("legacyTier").GetString());
        Assert.Equal("silver", body.GetProperty("tierState").GetProperty("current").GetString());
        Assert.Empty(body.GetProperty("competencyLevels").EnumerateObject());
        Assert.False(body.TryGetProperty("lastEvaluatedOn", out _));
    }

    [Fact]
    public async Task PutPartner_EightConcurrentFirstPuts_One201AndSeven200()
    {
        var id = NewId("p");

        // Started together: each reads "absent" before any has written, which is the race a check-then-write loses.
        using var start = new ManualResetEventSlim();
        var puts = Enumerable.Range(0, 8)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson(name: FormattableString.Invariant($"Acme {i}")));
            }))
            .ToArray();
        start.Set();
        var statuses = (await Task.WhenAll(puts)).Select(p => p.Status).ToArray();

        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(7, statuses.Count(s => s == 200));
        var get = await CallAsync(r => PartnersFunctions.GetPartner(r, id), "GET", $"/api/partners/{id}");
        Assert.StartsWith("Acme ", get.Json.GetProperty("name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutPartner_ExistingPartner_Returns200AndUpdatesDetails()
    {
        var id = NewId("p");
        await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson(name: "Acme SAS", language: "en"));

        Assert.Equal(200, put.Status);
        Assert.Equal("Acme SAS", put.Json.GetProperty("name").GetString());
        Assert.Equal("en", put.Json.GetProperty("language").GetString());
    }

    [Fact]
    public async Task PutPartner_InvalidFields_Returns400NamingEachFieldAndWritesNothing()
    {
        var id = NewId("p");

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson(country: "France", language: "de", email: "not-an-email", legacyTier: "bronze"));
        var get = await CallAsync(r => PartnersFunctions.GetPartner(r, id), "GET", $"/api/partners/{id}");

        Assert.Equal(400, put.Status);
        Assert.Equal("application/problem+json", put.ContentType);
        Assert.Equal(["country", "language", "email", "legacyTier"], put.ErrorFields);
        Assert.Equal(404, get.Status);
    }

    [Fact]
    public async Task PutPartner_ServerOwnedTierState_Returns400NamingTheField()
    {
        var id = NewId("p");
        var body = PartnerJson()[..^1] + ""","tierState":{"current":"platinum"}}""";

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", body);

        Assert.Equal(400, put.Status);
        Assert.Equal(["tierState"], put.ErrorFields);
        Assert.Equal(404, (await CallAsync(r => PartnersFunctions.GetPartner(r, id), "GET", $"/api/partners/{id}")).Status);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("../etc")]
    [InlineData("-leading-dash")]
    public async Task PutPartner_UnsafePartnerId_Returns400NamingPartnerId(string id)
    {
        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", "/api/partners/x", PartnerJson());

        Assert.Equal(400, put.Status);
        Assert.Equal(["partnerId"], put.ErrorFields);
    }

    [Fact]
    public async Task PutPartner_NotJson_Returns415()
    {
        var id = NewId("p");

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", "name=x", "application/x-www-form-urlencoded");

        Assert.Equal(415, put.Status);
    }

    [Fact]
    public async Task GetPartner_UnknownPartner_Returns404Problem()
    {
        var get = await CallAsync(r => PartnersFunctions.GetPartner(r, "nobody"), "GET", "/api/partners/nobody");

        Assert.Equal(404, get.Status);
        Assert.Equal("application/problem+json", get.ContentType);
    }

    [Fact]
    public async Task PutPerson_ValidPerson_Returns200WithValidityOfEachAccreditation()
    {
        var id = await NewPartnerAsync();
        var body = $$"""{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[{"competencyId":"{{Competency}}","completedOn":"2025-06-01"}]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(200, put.Status);
        Assert.Equal("2027-06-01", put.Json.GetProperty("accreditations")[0].GetProperty("validUntil").GetString());
        var person = Assert.Single(snapshot!.Evidence.People);
        Assert.Equal("Jeanne", person.Name);
        Assert.Equal(Competency, Assert.Single(person.Accreditations).CompetencyId);
    }

    [Fact]
    public async Task PutPerson_UnknownCompetencyAndFutureCompletion_Returns400WithPathsAndWritesNothing()
    {
        var id = await NewPartnerAsync();
        var body = """{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[{"competencyId":"tech-dlp","completedOn":"2025-06-01"},{"competencyId":"encryption","completedOn":"2026-12-01"}]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(400, put.Status);
        Assert.Equal(["accreditations[0].competencyId", "accreditations[1].completedOn"], put.ErrorFields);
        Assert.Empty(snapshot!.Evidence.People);
    }

    [Fact]
    public async Task PutPerson_UnknownPartner_Returns404()
    {
        var body = """{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, "nobody", "jeanne"), "PUT", "/api/partners/nobody/people/jeanne", body);

        Assert.Equal(404, put.Status);
    }

    [Fact]
    public async Task PutRevenue_ValidLine_Returns200AndStoresIt()
    {
        var id = await NewPartnerAsync();

        var put = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "2026-02-a"), "PUT", $"/api/partners/{id}/revenue/2026-02-a", $$"""{"competencyId":"{{Competency}}","period":"2026-02","amount":1234.56,"currency":"EUR"}""");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(200, put.Status);
        var line = Assert.Single(snapshot!.Evidence.Revenue);
        Assert.Equal(1234.56m, line.Amount);
        Assert.Equal(new DateOnly(2026, 2, 1), line.Period);
    }

    [Fact]
    public async Task PutRevenue_BadAmountCurrencyAndPeriod_Returns400NamingEachField()
    {
        var id = await NewPartnerAsync();

        var put = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "l1"), "PUT", $"/api/partners/{id}/revenue/l1", $$"""{"competencyId":"{{Competency}}","period":"2026-13","amount":0,"currency":"USD"}""");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(400, put.Status);
        Assert.Equal(["period", "amount", "currency"], put.ErrorFields);
        Assert.Empty(snapshot!.Evidence.Revenue);
    }

    [Fact]
    public async Task GetEvaluation_PrincipalEvidence_ReturnsReceiptWithGapsToExpertAndToSilver()
    {
        var id = await NewPartnerAsync();
        var partners = Api.Get<IPartnerRepository>();
        await partners.UpsertPeopleAsync(id,
        [
            new Person("a", "A", new DateOnly(2024, 1, 1), null, [new Accreditation(Competency, new DateOnly(2025, 9, 1), null)]),
            new Person("b", "B", new DateOnly(2024, 1, 1), null, [new Accreditation(Competency, new DateOnly(2025, 9, 1), null)]),
        ]);
        await partners.UpsertRevenueAsync(id, [new RevenueEntry(new RevenueLine("r1", Competency, new DateOnly(2026, 1, 1), 60_000m, "EUR"), "test")]);
        await ApprovedReferenceAsync(id, "ref1", "Client A");

        var get = await CallAsync(r => PartnersFunctions.GetEvaluation(r, id), "GET", $"/api/partners/{id}/evaluation");

        Assert.Equal(200, get.Status);
        var body = get.Json;
        Assert.Equal("2026-03-15", body.GetProperty("asOf").GetString());
        Assert.Equal("registered", body.GetProperty("evaluatedTier").GetString());
        Assert.Equal("silver", body.GetProperty("heldTierState").GetProperty("current").GetString());
        var receipt = body.GetProperty("receipt");
        Assert.Equal("silver", receipt.GetProperty("nextTier").GetString());
        var tierGap = Assert.Single(receipt.GetProperty("gapsToNextTier").EnumerateArray());
        Assert.Equal("totalRevenue", tierGap.GetProperty("clause").GetString());
        Assert.Equal(40_000m, tierGap.GetProperty("shortfall").GetDecimal());
        var competency = receipt.GetProperty("competencies").EnumerateArray().Single(c => c.GetProperty("competencyId").GetString() == Competency);
        Assert.Equal("principal", competency.GetProperty("level").GetString());
        Assert.Equal("expert", competency.GetProperty("nextLevel").GetString());
        Assert.Equal(
            ["accreditedPeople", "competencyRevenue", "validatedReferences"],
            competency.GetProperty("gapsToNextLevel").EnumerateArray().Select(g => g.GetProperty("clause").GetString()!).ToArray());

        // If nothing new comes in: Silver is kept for the grace period opened today, then the only revenue month leaves.
        var projection = body.GetProperty("projection").EnumerateArray().ToArray();
        Assert.Equal(["2026-06-14", "2027-01-01"], projection.Select(p => p.GetProperty("on").GetString()!));
        Assert.Equal(("downgraded", "registered"), (projection[0].GetProperty("tierChange").GetString(), projection[0].GetProperty("tierTo").GetString()));
        Assert.Equal((Competency, "none"), (projection[1].GetProperty("competencyId").GetString(), projection[1].GetProperty("levelTo").GetString()));
        Assert.Equal(["revenueLeavesWindow"], projection[1].GetProperty("causes").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("competencyRevenue", projection[1].GetProperty("clause").GetProperty("clause").GetString());
    }

    [Fact]
    public async Task GetEvaluation_UnknownPartner_Returns404()
    {
        var get = await CallAsync(r => PartnersFunctions.GetEvaluation(r, "nobody"), "GET", "/api/partners/nobody/evaluation");

        Assert.Equal(404, get.Status);
    }

    [Fact]
    public async Task GetEvaluation_NoActiveDefinition_Returns409()
    {
        await using var empty = await ApiContext.CreateAsync(Azurite);
        var id = NewId("p");
        await CallAsync(empty, r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());

        var get = await CallAsync(empty, r => PartnersFunctions.GetEvaluation(r, id), "GET", $"/api/partners/{id}/evaluation");

        Assert.Equal(409, get.Status);
    }

    [Fact]
    public async Task GetDecisions_TwoDecisions_ReturnsNewestFirstInPages()
    {
        var id = await NewPartnerAsync();
        var partners = Api.Get<IPartnerRepository>();
        foreach (var (decisionId, day, to) in new[] { ("d1", 1, Tier.Gold), ("d2", 2, Tier.Platinum) })
        {
            var profile = await partners.GetProfileAsync(id);
            var at = new DateTimeOffset(2026, 3, day, 2, 0, 0, TimeSpan.Zero);
            var decision = new TierDecision(decisionId, id, DecisionKind.Evaluation, at, "partner-program@v1", profile!.Status.TierState.Current, to, TierChangeKind.Upgraded, "evidence", null, "run", "system");
            var status = new PartnerStatus(TierState.Holding(to), new Dictionary<string, CompetencyLevel>(), DateOnly.FromDateTime(at.UtcDateTime), "partner-program@v1", decisionId);
            await partners.RecordDecisionAsync(decision, status, profile.ETag);
        }

        var first = await CallAsync(r => PartnersFunctions.GetDecisions(r, id), "GET", $"/api/partners/{id}/decisions?pageSize=1");
        var token = first.Json.GetProperty("continuationToken").GetString()!;
        var second = await CallAsync(r => PartnersFunctions.GetDecisions(r, id), "GET", $"/api/partners/{id}/decisions?pageSize=1&continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(200, first.Status);
        Assert.Equal("d2", Assert.Single(first.Json.GetProperty("items").EnumerateArray()).GetProperty("decisionId").GetString());
        Assert.Equal("d1", Assert.Single(second.Json.GetProperty("items").EnumerateArray()).GetProperty("decisionId").GetString());
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("pageSize=ten")]
    public async Task GetDecisions_BadPageSize_Returns400NamingPageSize(string query)
    {
        var id = await NewPartnerAsync();

        var get = await CallAsync(r => PartnersFunctions.GetDecisions(r, id), "GET", $"/api/partners/{id}/decisions?{query}");

        Assert.Equal(400, get.Status);
        Assert.Equal(["pageSize"], get.ErrorFields);
    }

    [Fact]
    public async Task GetMigrationPreview_LegacySpecializations_MapsThemAndNotesRetiredOnes()
    {
        var id = NewId("p");
        await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson(legacy: """["tech-endpoint-security","market-smb-security"]"""));

        var get = await CallAsync(r => PartnersFunctions.GetMigrationPreview(r, id), "GET", $"/api/partners/{id}/migration-preview");

        Assert.Equal(200, get.Status);
        var preview = get.Json.GetProperty("preview");
        var candidates = preview.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("competencyId").GetString()).ToArray();
        Assert.Contains("endpoint-security-ent", candidates);
        Assert.Contains("endpoint-security-smb", candidates);
        var note = Assert.Single(preview.GetProperty("notes").EnumerateArray());
        Assert.Equal("market-smb-security", note.GetProperty("legacySpecialization").GetString());
        Assert.Equal("lose", preview.GetProperty("outcome").GetString());
    }

    private static string ReferenceJson(string customer) =>
        $$"""{"competencyId":"{{Competency}}","customerName":"{{customer}}","customerMarket":"enterprise","satisfaction":4.5}""";

    private static async Task<ApiResponse> UploadAsync(ApiContext api, string partnerId, string referenceId, byte[] content, string contentType)
    {
        var request = api.Request("POST", $"/api/partners/{partnerId}/references/{referenceId}/documents", content, contentType);
        return await ApiContext.ExecuteAsync(request, await PartnersFunctions.PostReferenceDocument(request, partnerId, referenceId));
    }

    private async Task<string> NewPartnerAsync()
    {
        var id = NewId("p");
        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());
        Assert.Equal(201, put.Status);
        return id;
    }

    private async Task ApprovedReferenceAsync(string partnerId, string referenceId, string customer)
    {
        var put = await CallAsync(r => PartnersFunctions.PutReference(r, partnerId, referenceId), "PUT", $"/api/partners/{partnerId}/references/{referenceId}", ReferenceJson(customer));
        Assert.Equal(201, put.Status);
        var partners = Api.Get<IPartnerRepository>();
        var stored = await partners.GetReferenceAsync(partnerId, referenceId);
        await partners.ChangeReferenceStateAsync(partnerId, referenceId, new ReferenceStateChange(ReferenceState.Approved, Api.Clock.Now, "staff@partnerfunctions.example", null), stored!.ETag);
    }
}
