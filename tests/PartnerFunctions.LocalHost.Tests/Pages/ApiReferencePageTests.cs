using System.Net;
using System.Text.Json;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>The API reference pages, rendered from the OpenAPI document the app serves, on a real local host.</summary>
public sealed class ApiReferencePageTests() : LocalHostPageTest("memory")
{
    /// <summary>The page weight target of the console (HTML of one page).</summary>
    private const int MaxPageBytes = 150 * 1024;

    [Fact]
    public async Task ApiReference_WithoutSession_ListsEveryOperationOfTheDocumentAndEachTagPageDescribesThem()
    {
        using var anonymous = new PageClient(Host);
        using var document = JsonDocument.Parse(await Host.Http.GetStringAsync("/api/openapi.json"));
        var operations = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Tag: m.Value.GetProperty("tags")[0].GetString()!, Id: m.Value.GetProperty("operationId").GetString()!, Path: p.Name)))
            .ToArray();

        var (response, overview) = await anonymous.GetAsync("/api-reference");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(overview.Length < MaxPageBytes, $"overview weighs {overview.Length} bytes");
        Assert.All(operations, o => Assert.Contains($"/api-reference/{o.Tag}#{o.Id}\"", overview, StringComparison.Ordinal));
        foreach (var tag in operations.GroupBy(o => o.Tag))
        {
            var (tagResponse, html) = await anonymous.GetAsync("/api-reference/" + tag.Key);
            Assert.Equal(HttpStatusCode.OK, tagResponse.StatusCode);
            Assert.True(html.Length < MaxPageBytes, $"{tag.Key} weighs {html.Length} bytes");
            Assert.All(tag, o => Assert.Contains($"id=\"{o.Id}\"", html, StringComparison.Ordinal));
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ApiReferenceTag_PartnersTag_DescribesParametersBodyAndResponseSchemas()
    {
        using var anonymous = new PageClient(Host);

        var (_, html) = await anonymous.GetAsync("/api-reference/partners");

        Assert.Contains("<code>/api/partners/{partnerId}</code>", html, StringComparison.Ordinal);
        Assert.Contains("<td><code>partnerId</code> (required)</td>", html, StringComparison.Ordinal);
        Assert.Contains("Request body (application/json", html, StringComparison.Ordinal);
        Assert.Contains("<dt>400 (application/problem&#x2B;json)</dt>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReferenceTag_UnknownTag_Returns404Page()
    {
        using var anonymous = new PageClient(Host);

        var (response, html) = await anonymous.GetAsync("/api-reference/no-such-tag");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no such page.", html, StringComparison.Ordinal);
    }
}
