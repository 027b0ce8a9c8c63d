using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PartnerFunctions.LocalHost.Tests.Support;

namespace PartnerFunctions.LocalHost.Tests.Api;

/// <summary>
/// What the local host answers when routing itself refuses a request (no route, a method the route lacks, a path that
/// is not acceptable): problem+json with the status kept and a type, title and detail naming what is wrong. Requests
/// are written on a raw socket so that the request target reaches the host exactly as written (HttpClient would
/// normalize "..", "//" and escapes first). Not covered: a request target with an encoded NUL (%00), which Kestrel
/// refuses with an empty 400 before any middleware of the app runs (Kestrel has no hook for that answer).
/// </summary>
public sealed class RoutingProblemTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    [Theory]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("GET", "/api/partners")]
    [InlineData("POST", "/api/staff/definitions/validate/extra")]
    [InlineData("GET", "/api")]
    public async Task UnknownRoute_Returns404ProblemNamingThePath(string method, string target)
    {
        var response = await RawAsync(method, target);

        Assert.Equal(404, response.Status);
        var problem = AssertProblem(response, 404);
        Assert.Contains(target, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DELETE", "/api/partners/p-1", "GET, PUT")]
    [InlineData("PATCH", "/api/staff/definitions", "GET, POST")]
    [InlineData("PUT", "/api/openapi.json", "GET")]
    public async Task WrongMethod_Returns405ProblemListingTheAllowedMethods(string method, string target, string allowed)
    {
        var response = await RawAsync(method, target);

        Assert.Equal(405, response.Status);
        var problem = AssertProblem(response, 405);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(method, detail, StringComparison.Ordinal);
        Assert.Contains(allowed, detail, StringComparison.Ordinal);
        Assert.Equal(allowed.Split(", "), problem.GetProperty("allowed").EnumerateArray().Select(m => m.GetString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/api//partners/p-1")]
    [InlineData("/api/partners//evaluation")]
    [InlineData("/api/partners/p-1/../../nothing")]
    [InlineData("/api/partners/%2E%2E/%2E%2E/nothing")]
    public async Task UnusualPath_AnswersProblemJsonWhateverTheStatus(string target)
    {
        var response = await RawAsync("GET", target);

        Assert.InRange(response.Status, 400, 499);
        AssertProblem(response, response.Status);
    }

    private static JsonElement AssertProblem(RawResponse response, int status)
    {
        Assert.True(response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal), $"{response.Status} with content type '{response.ContentType}' and body '{response.Body}'");
        var problem = JsonDocument.Parse(response.Body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("https://partnerfunctions.example/problems/", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    private sealed record RawResponse(int Status, string? ContentType, string Body);

    private async Task<RawResponse> RawAsync(string method, string target)
    {
        var uri = new Uri(fixture.Host.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {target} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..headerEnd].Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = head.Skip(1).FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
        var body = text[(headerEnd + 4)..];
        if (head.Any(h => h.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        return new RawResponse(status, contentType, body);
    }

    private static string Unchunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[position..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
