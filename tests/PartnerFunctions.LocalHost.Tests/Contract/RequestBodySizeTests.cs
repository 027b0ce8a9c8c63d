using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Contract;

/// <summary>
/// The local host takes request bodies up to the product's own limits (imports 32 MiB) and answers anything larger
/// with 413 problem+json naming the body, never Kestrel's empty 413.
/// </summary>
public sealed class RequestBodySizeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const long ImportLimit = 32L * 1024 * 1024;
    private LocalHostInstance? _host;

    private LocalHostInstance Host => _host!;

    public async Task InitializeAsync() => _host = await LocalHostContract.StartAsync(azurite, "memory");

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostImport_BodyBetweenKestrelsDefaultAndTheImportLimit_ReachesTheImporter()
    {
        // 31,000,000 bytes: above Kestrel's default 30,000,000, below the documented 32 MiB.
        using var response = await PostImportAsync(CsvOfSize(31_000_000), chunked: false);

        Assert.NotEqual(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("https://partnerfunctions.example/problems/import-", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostImport_ChunkedBodyOverTheLimit_Returns413ProblemNamingTheBody()
    {
        using var response = await PostImportAsync(CsvOfSize(ImportLimit + 1024), chunked: true);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task PostImport_ContentLengthOverTheLimit_Returns413ProblemNamingTheBody()
    {
        using var response = await PostImportAsync(CsvOfSize(ImportLimit + 1), chunked: false);

        await AssertTooLargeAsync(response);
    }

    [Fact]
    public async Task PostCertification_ChunkedJsonBodyOverTheLargestLimit_Returns413ProblemNamingTheBody()
    {
        var partner = await LocalHostContract.NewPartnerAsync(Host);
        var json = new byte[ImportLimit + 1024];
        Array.Fill(json, (byte)' ');
        json[0] = (byte)'{';
        json[^1] = (byte)'}';
        using var content = new StreamContent(new MemoryStream(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/partners/{partner}/certifications/endpoint-security-ent") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Host.Http.SendAsync(request);

        await AssertTooLargeAsync(response);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("body", problem.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    // A header line then one long bad line: the importer reads all of it and rejects it in one error.
    private static byte[] CsvOfSize(long size)
    {
        var header = Encoding.UTF8.GetBytes("partnerId,competencyId,period,amount,currency,source\n");
        var bytes = new byte[size];
        header.CopyTo(bytes, 0);
        Array.Fill(bytes, (byte)'x', header.Length, bytes.Length - header.Length - 1);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private async Task<HttpResponseMessage> PostImportAsync(byte[] body, bool chunked)
    {
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (!chunked)
        {
            content.Headers.ContentLength = body.Length;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/staff/imports/revenue") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        // A body refused by its Content-Length is answered before it is read: wait for 100-continue, as curl does.
        request.Headers.ExpectContinue = !chunked;
        return await Host.Http.SendAsync(request);
    }
}
