using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

public sealed class ImportsFunctionsTests(AzuriteFixture azurite) : ApiTestBase(azurite)
{
    private const string RevenueHeader = "partnerId,competencyId,period,amount,currency,source,lineReference";
    private const string AccreditationHeader = "partnerId,personId,personName,competencyId,completedOn,expiresOn,employedFrom";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.ActivateDefaultDefinitionAsync();
    }

    [Fact]
    public async Task ImportRevenue_ValidFile_Returns200WithCountsThenAlreadyImported()
    {
        var (a, b) = (await NewPartnerAsync(), await NewPartnerAsync());
        var csv = $"{RevenueHeader}\n{a},endpoint-security-ent,2026-01,1000.50,EUR,distrib-1,INV-1\n{a},encryption,2026-02,200,EUR,distrib-1,INV-2\n{b},encryption,2026-02,300,EUR,distrib-1,INV-3\n";

        var first = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", csv, "text/csv");
        var second = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", csv, "text/csv; charset=utf-8");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(a);

        Assert.Equal(200, first.Status);
        Assert.Equal("imported", first.Json.GetProperty("status").GetString());
        Assert.Equal(3, first.Json.GetProperty("rowCount").GetInt32());
        Assert.Equal(2, first.Json.GetProperty("partnerCount").GetInt32());
        Assert.Equal(200, second.Status);
        Assert.Equal("alreadyImported", second.Json.GetProperty("status").GetString());
        Assert.Contains("already imported", second.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, snapshot!.Evidence.Revenue.Count);
    }

    [Fact]
    public async Task ImportRevenue_ManyBadLines_ListsTheFirst1000WithTheTotalCount()
    {
        var a = await NewPartnerAsync();
        var lines = Enumerable.Range(1, 1500).Select(i => FormattableString.Invariant($"{a},encryption,2026-01,-{i},EUR,distrib-1,INV-{i}"));
        var csv = RevenueHeader + "\n" + string.Join("\n", lines) + "\n";

        var response = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", csv, "text/csv");

        Assert.Equal(400, response.Status);
        var errors = response.Json.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal(1000, errors.Length);
        Assert.Equal(2, errors[0].GetProperty("line").GetInt32());
        Assert.Equal(1500, response.Json.GetProperty("errorCount").GetInt32());
        Assert.True(response.Json.GetProperty("truncated").GetBoolean());
        Assert.Contains("first 1000", response.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportRevenue_ValuesThePartnerApiRefuses_Returns400()
    {
        var a = await NewPartnerAsync();
        var csv = $"{RevenueHeader}\n{a},encryption,2099-01,10,EUR,distrib-1,INV-1\n{a},encryption,2026-01,2000000000000,EUR,distrib-1,INV-2\n{a},encryption,2026-01,10,EUR,partner,INV-3\n";

        var response = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", csv, "text/csv");

        Assert.Equal(400, response.Status);
        var errors = response.Json.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()))
            .ToArray();
        Assert.Equal([(2, "period"), (3, "amount"), (4, "source")], errors);
        Assert.Equal(3, response.Json.GetProperty("errorCount").GetInt32());
        Assert.False(response.Json.GetProperty("truncated").GetBoolean());
        Assert.Empty((await Api.Get<IPartnerRepository>().GetSnapshotAsync(a))!.Evidence.Revenue);
    }

    [Fact]
    public async Task ImportRevenue_BadLines_Returns400ListingEachLineAndWritesNothing()
    {
        var a = await NewPartnerAsync();
        var csv = $"{RevenueHeader}\n{a},endpoint-security-ent,2026-01,1000,EUR,distrib-1,INV-1\n{a},not-a-competency,2026-01,10,EUR,distrib-1,INV-2\nnobody-here,encryption,2026-01,-5,EUR,distrib-1,INV-3\n";

        var response = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", csv, "text/csv");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(a);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        var errors = response.Json.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("column").GetString()))
            .ToArray();
        Assert.Contains((3, "competencyId"), errors);
        Assert.Contains((4, "amount"), errors);
        Assert.Contains((4, "partnerId"), errors);
        Assert.All(response.Json.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("reason").GetString())));
        Assert.Empty(snapshot!.Evidence.Revenue);
    }

    [Fact]
    public async Task ImportAccreditations_ValidFile_MergesPeople()
    {
        var a = await NewPartnerAsync();
        var csv = $"{AccreditationHeader}\n{a},jd,Jeanne Dupont,endpoint-security-ent,2025-05-01,,2024-01-01\n{a},jd,Jeanne Dupont,encryption,2025-06-01,,2024-01-01\n";

        var response = await CallAsync(ImportsFunctions.ImportAccreditations, "POST", "/api/staff/imports/accreditations", csv, "text/csv");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(a);

        Assert.Equal(200, response.Status);
        Assert.Equal("imported", response.Json.GetProperty("status").GetString());
        Assert.Equal(2, Assert.Single(snapshot!.Evidence.People).Accreditations.Count);
    }

    [Fact]
    public async Task ImportRevenue_JsonBody_Returns415()
    {
        var response = await CallAsync(ImportsFunctions.ImportRevenue, "POST", "/api/staff/imports/revenue", "[]", "application/json");

        Assert.Equal(415, response.Status);
        Assert.Equal(["Content-Type"], response.ErrorFields);
    }

    private async Task<string> NewPartnerAsync()
    {
        var id = NewId("p");
        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson());
        Assert.Equal(201, put.Status);
        return id;
    }
}
