using System.Text.Json.Nodes;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Functions;

// Each test uses storage of its own: the active pointer is global to a storage prefix.
public sealed class DefinitionsFunctionsTests(AzuriteFixture azurite) : ApiTestBase(azurite)
{
    [Fact]
    public async Task ValidateDefinition_DefaultDefinition_Returns200Valid()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);

        var response = await CallAsync(api, DefinitionsFunctions.ValidateDefinition, "POST", "/api/staff/definitions/validate", ProgramDefinitionLoader.DefaultJson());

        Assert.Equal(200, response.Status);
        Assert.True(response.Json.GetProperty("valid").GetBoolean());
        Assert.Equal(12, response.Json.GetProperty("competencies").GetInt32());
        Assert.Empty(await api.Get<IProgramDefinitionRepository>().ListVersionsAsync());
    }

    [Fact]
    public async Task ValidateDefinition_SeveralErrors_Returns400ListingEveryPath()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);
        var json = Edit(ProgramDefinitionLoader.DefaultJson(), d =>
        {
            d["currency"] = "euro";
            d["revenueWindowMonths"] = 0;
            d["competencies"]![0]!["market"] = "galaxy";
        });

        var response = await CallAsync(api, DefinitionsFunctions.ValidateDefinition, "POST", "/api/staff/definitions/validate", json);

        Assert.Equal(400, response.Status);
        Assert.Contains("currency", response.ErrorFields);
        Assert.Contains("revenueWindowMonths", response.ErrorFields);
        Assert.Contains(response.ErrorFields, f => f.StartsWith("competencies[0].market", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ValidateDefinition_NotJsonContentType_Returns415()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);

        var response = await CallAsync(api, DefinitionsFunctions.ValidateDefinition, "POST", "/api/staff/definitions/validate", "id: x", "text/yaml");

        Assert.Equal(415, response.Status);
    }

    [Fact]
    public async Task PostDefinition_NewThenSameThenDifferent_Returns201Then200Then409()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);
        var json = ProgramDefinitionLoader.DefaultJson();
        var different = Edit(json, d => d["description"] = "changed thresholds");

        var created = await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", json);
        var same = await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", json);
        var conflict = await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", different);

        var definition = ProgramDefinitionLoader.LoadDefault();
        Assert.Equal(201, created.Status);
        Assert.Equal($"/api/staff/definitions/{definition.Id}/versions/{definition.Version}", created.Headers.Location.ToString());
        Assert.Equal(200, same.Status);
        Assert.True(same.Json.GetProperty("alreadyStored").GetBoolean());
        Assert.Equal(409, conflict.Status);
        var stored = await api.Get<IProgramDefinitionRepository>().GetVersionAsync(definition.Id, definition.Version);
        Assert.Equal(definition.Description, stored!.Definition.Description);
    }

    [Fact]
    public async Task ListAndActivate_WithIfMatch_SwitchesOnlyAgainstTheCurrentETag()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);
        var v1 = ProgramDefinitionLoader.DefaultJson();
        var v2 = Edit(v1, d => d["version"] = 2);
        var id = ProgramDefinitionLoader.LoadDefault().Id;
        await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", v1);
        await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", v2);

        var first = await CallAsync(api, r => DefinitionsFunctions.ActivateDefinition(r, id, "1"), "POST", $"/api/staff/definitions/{id}/versions/1/activate");
        var list = await CallAsync(api, DefinitionsFunctions.ListDefinitions, "GET", "/api/staff/definitions");
        var etag = list.Headers.ETag.ToString();
        var stale = await CallAsync(api, r => DefinitionsFunctions.ActivateDefinition(r, id, "2"), "POST", $"/api/staff/definitions/{id}/versions/2/activate", headers: new Dictionary<string, string> { ["If-Match"] = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"" });
        var activeAfterStale = await api.Get<IProgramDefinitionRepository>().GetActiveAsync();
        var second = await CallAsync(api, r => DefinitionsFunctions.ActivateDefinition(r, id, "2"), "POST", $"/api/staff/definitions/{id}/versions/2/activate", headers: new Dictionary<string, string> { ["If-Match"] = etag });
        var activeAfter = await api.Get<IProgramDefinitionRepository>().GetActiveAsync();

        Assert.Equal(200, first.Status);
        Assert.Equal(200, list.Status);
        Assert.Equal(1, list.Json.GetProperty("active").GetProperty("version").GetInt32());
        Assert.Equal([true, false], list.Json.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("active").GetBoolean()).ToArray());
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(412, stale.Status);
        Assert.Equal(1, activeAfterStale!.Stored.Definition.Version);
        Assert.Equal(200, second.Status);
        Assert.Equal(2, activeAfter!.Stored.Definition.Version);
        Assert.NotEqual(etag, second.Headers.ETag.ToString());
    }

    [Fact]
    public async Task GetDefinition_StoredVersion_ReturnsItsJson()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);
        var definition = ProgramDefinitionLoader.LoadDefault();
        await CallAsync(api, DefinitionsFunctions.PostDefinition, "POST", "/api/staff/definitions", ProgramDefinitionLoader.DefaultJson());

        var response = await CallAsync(api, r => DefinitionsFunctions.GetDefinition(r, definition.Id, "1"), "GET", $"/api/staff/definitions/{definition.Id}/versions/1");

        Assert.Equal(200, response.Status);
        var loaded = ProgramDefinitionLoader.LoadOrThrow(response.Body);
        Assert.Equal(definition.VersionTag, loaded.VersionTag);
    }

    [Fact]
    public async Task GetDefinition_UnknownVersion_Returns404()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);

        var response = await CallAsync(api, r => DefinitionsFunctions.GetDefinition(r, "nothing", "3"), "GET", "/api/staff/definitions/nothing/versions/3");

        Assert.Equal(404, response.Status);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("one")]
    [InlineData("-1")]
    public async Task ActivateDefinition_BadVersion_Returns400NamingVersion(string version)
    {
        await using var api = await ApiContext.CreateAsync(Azurite);

        var response = await CallAsync(api, r => DefinitionsFunctions.ActivateDefinition(r, "partner-program", version), "POST", "/api/staff/definitions/partner-program/versions/x/activate");

        Assert.Equal(400, response.Status);
        Assert.Equal(["version"], response.ErrorFields);
    }

    [Fact]
    public async Task ActivateDefinition_UnknownVersion_Returns404()
    {
        await using var api = await ApiContext.CreateAsync(Azurite);

        var response = await CallAsync(api, r => DefinitionsFunctions.ActivateDefinition(r, "partner-program", "9"), "POST", "/api/staff/definitions/partner-program/versions/9/activate");

        Assert.Equal(404, response.Status);
        Assert.Null(await api.Get<IProgramDefinitionRepository>().GetActiveAsync());
    }

    private static string Edit(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        edit(node);
        return node.ToJsonString();
    }
}
