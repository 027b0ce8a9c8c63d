using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

/// <summary>
/// The strict request contract: route ids ending in a newline, content types that only start like JSON, duplicate
/// members, numbers sent as strings and members whose case differs are refused, naming what is wrong, and write nothing.
/// </summary>
public sealed class RequestContractTests(AzuriteFixture azurite) : ApiTestBase(azurite)
{
    private const string Competency = "endpoint-security-ent";
    private const string RevenueJson = $$"""{"competencyId":"{{Competency}}","period":"2026-02","amount":1000,"currency":"EUR"}""";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.ActivateDefaultDefinitionAsync();
    }

    [Fact]
    public async Task PutPartner_IdEndingInANewline_Returns400NamingPartnerIdAndCreatesNothing()
    {
        var id = NewId("okid");

        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id + "\n"), "PUT", $"/api/partners/{id}%0A", PartnerJson());
        var twin = await Api.Get<IPartnerRepository>().GetProfileAsync(id + "\n");

        Assert.Equal(400, put.Status);
        Assert.Equal("application/problem+json", put.ContentType);
        Assert.Equal(["partnerId"], put.ErrorFields);
        Assert.Null(twin);
    }

    [Fact]
    public async Task PutPersonRevenueAndReference_IdEndingInANewline_Return400NamingTheIdAndWriteNothing()
    {
        var id = NewId("p");
        Assert.Equal(201, (await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson())).Status);

        var person = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne\n"), "PUT", $"/api/partners/{id}/people/jeanne%0A", """{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[]}""");
        var revenue = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "l1\n"), "PUT", $"/api/partners/{id}/revenue/l1%0A", $$"""{"competencyId":"{{Competency}}","period":"2026-02","amount":1000,"currency":"EUR"}""");
        var reference = await CallAsync(r => PartnersFunctions.PutReference(r, id, "ref1\n"), "PUT", $"/api/partners/{id}/references/ref1%0A", $$"""{"competencyId":"{{Competency}}","customerName":"Client","customerMarket":"enterprise","satisfaction":4.5}""");
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal((400, "personId"), (person.Status, Assert.Single(person.ErrorFields)));
        Assert.Equal((400, "lineId"), (revenue.Status, Assert.Single(revenue.ErrorFields)));
        Assert.Equal((400, "referenceId"), (reference.Status, Assert.Single(reference.ErrorFields)));
        Assert.Empty(snapshot!.Evidence.People);
        Assert.Empty(snapshot.Evidence.Revenue);
        Assert.Empty(snapshot.Evidence.References);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=\"UTF-8\"")]
    public async Task PutRevenue_JsonContentTypeWithOrWithoutCharset_Returns200(string contentType)
    {
        var id = await NewPartnerAsync();

        var put = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "l1"), "PUT", $"/api/partners/{id}/revenue/l1", RevenueJson, contentType);

        Assert.Equal(200, put.Status);
        Assert.Equal(1000m, put.Json.GetProperty("amount").GetDecimal());
        Assert.Equal(Competency, put.Json.GetProperty("competencyId").GetString());
    }

    [Theory]
    [InlineData("application/jsonx")]
    [InlineData("application/json-patch+json")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("text/json")]
    [InlineData("application/json;;")]
    public async Task PutRevenue_ContentTypeThatIsNotJson_Returns415NamingContentTypeAndWritesNothing(string contentType)
    {
        var id = await NewPartnerAsync();

        var put = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "l1"), "PUT", $"/api/partners/{id}/revenue/l1", RevenueJson, contentType);
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(415, put.Status);
        Assert.Equal("application/problem+json", put.ContentType);
        Assert.Equal(["Content-Type"], put.ErrorFields);
        Assert.Empty(snapshot!.Evidence.Revenue);
    }

    [Theory]
    [InlineData("""{"competencyId":"endpoint-security-ent","period":"2026-02","amount":1000,"amount":999999,"currency":"EUR"}""", "amount")]
    [InlineData("""{"competencyId":"endpoint-security-ent","period":"2026-02","amount":"1000","currency":"EUR"}""", "amount")]
    [InlineData("""{"competencyID":"endpoint-security-ent","period":"2026-02","amount":1000,"currency":"EUR"}""", "competencyID")]
    [InlineData("""{"competencyId":"endpoint-security-ent","Period":"2026-02","amount":1000,"currency":"EUR"}""", "Period")]
    public async Task PutRevenue_DuplicateStringNumberOrCaseDifferentMember_Returns400NamingTheMemberAndWritesNothing(string body, string member)
    {
        var id = await NewPartnerAsync();

        var put = await CallAsync(r => PartnersFunctions.PutRevenue(r, id, "l1"), "PUT", $"/api/partners/{id}/revenue/l1", body);
        var snapshot = await Api.Get<IPartnerRepository>().GetSnapshotAsync(id);

        Assert.Equal(400, put.Status);
        Assert.Equal("application/problem+json", put.ContentType);
        Assert.Equal([member], put.ErrorFields);
        Assert.Empty(snapshot!.Evidence.Revenue);
    }

    [Fact]
    public async Task PutPerson_DuplicateMemberInANestedObject_Returns400NamingItsPath()
    {
        var id = await NewPartnerAsync();
        var body = $$"""{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[{"competencyId":"{{Competency}}","completedOn":"2025-06-01","completedOn":"2025-07-01"}]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);

        Assert.Equal(400, put.Status);
        Assert.Equal(["accreditations[0].completedOn"], put.ErrorFields);
    }

    private async Task<string> NewPartnerAsync()
    {
        var id = NewId("p");
        Assert.Equal(201, (await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", PartnerJson())).Status);
        return id;
    }
}
