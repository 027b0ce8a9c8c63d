using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.FunctionApp.Functions;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

/// <summary>A person's email and certificate ids, and the exclusion a resolved duplicate leaves.</summary>
public sealed partial class PartnersFunctionsTests
{
    [Fact]
    public async Task PutPerson_EmailAndCertificateId_StoredAndAnswered()
    {
        var id = await NewPartnerAsync();
        var body = $$"""{"name":"Jeanne","email":"jeanne@example.fr","employedFrom":"2024-01-01","accreditations":[{"competencyId":"{{Competency}}","completedOn":"2025-06-01","certificateId":" ES-2025 0042 "}]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);
        var stored = await Api.Get<IPartnerRepository>().GetPersonAsync(id, "jeanne");

        Assert.Equal(200, put.Status);
        Assert.Equal("jeanne@example.fr", put.Json.GetProperty("email").GetString());
        Assert.Equal("ES-2025 0042", put.Json.GetProperty("accreditations")[0].GetProperty("certificateId").GetString());
        Assert.Equal("jeanne@example.fr", stored!.Email);
        Assert.Equal("ES-2025 0042", Assert.Single(stored.Accreditations).CertificateId);
    }

    [Theory]
    [InlineData("""
        "email":"not an email"
        """, "email")]
    [InlineData("""
        "email":" jeanne@example.fr"
        """, "email")]
    [InlineData("""
        "email":""
        """, "email")]
    public async Task PutPerson_BadEmail_Returns400NamingTheFieldAndWritesNothing(string field, string expected)
    {
        var id = await NewPartnerAsync();
        var body = "{\"name\":\"Jeanne\",\"employedFrom\":\"2024-01-01\",\"accreditations\":[]," + field.Trim() + "}";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);

        Assert.Equal(400, put.Status);
        Assert.Equal("application/problem+json", put.ContentType);
        Assert.Equal([expected], put.ErrorFields);
        Assert.Null(await Api.Get<IPartnerRepository>().GetPersonAsync(id, "jeanne"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ES_2025")]
    [InlineData("ÉS2025")]
    [InlineData("A123456789012345678901234567890123456789012345678901234567890123X")]
    public async Task PutPerson_BadCertificateId_Returns400NamingTheFieldAndWritesNothing(string certificateId)
    {
        var id = await NewPartnerAsync();
        var body = $$"""{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[{"competencyId":"{{Competency}}","completedOn":"2025-06-01"},{"competencyId":"{{Competency}}","completedOn":"2025-07-01","certificateId":"{{certificateId}}"}]}""";

        var put = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", $"/api/partners/{id}/people/jeanne", body);

        Assert.Equal(400, put.Status);
        Assert.Equal(["accreditations[1].certificateId"], put.ErrorFields);
        Assert.Null(await Api.Get<IPartnerRepository>().GetPersonAsync(id, "jeanne"));
    }

    [Fact]
    public async Task PutPerson_ExcludedByAResolvedDuplicate_KeepsTheExclusionAndRefusesDuplicateOf()
    {
        var id = await NewPartnerAsync();
        var route = $"/api/partners/{id}/people/jeanne";
        var body = """{"name":"Jeanne","employedFrom":"2024-01-01","accreditations":[]}""";
        await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", route, body);
        await Api.Get<IPartnerRepository>().ExcludePersonAsync(id, new PersonExclusion("jeanne", "keeper", "email|jeanne@example.fr", "staff:s1", DateTimeOffset.UnixEpoch));

        var again = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", route, body);
        var undo = await CallAsync(r => PartnersFunctions.PutPerson(r, id, "jeanne"), "PUT", route, body[..^1] + ""","duplicateOf":null}""");

        Assert.Equal(200, again.Status);
        Assert.Equal("keeper", again.Json.GetProperty("duplicateOf").GetString());
        Assert.Equal(400, undo.Status);
        Assert.Equal("keeper", (await Api.Get<IPartnerRepository>().GetPersonAsync(id, "jeanne"))!.DuplicateOf);
    }
}
