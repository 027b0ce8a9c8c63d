using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Tests.Support;

/// <summary>A handler's response as a client sees it: status, headers and JSON body.</summary>
public sealed record ApiResponse(int Status, IHeaderDictionary Headers, string Body)
{
    /// <summary>The Location header, or null.</summary>
    public string? Location => Headers.Location.Count == 0 ? null : Headers.Location.ToString();

    /// <summary>The body parsed as JSON (throws when it is not JSON).</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}

/// <summary>
/// Calls the shared HTTP handlers the way a host does: an <see cref="HttpRequest"/> over the test host's services, and
/// the returned <see cref="IResult"/> executed into a response that tests read.
/// </summary>
public static class ApiCall
{
    /// <summary>A request with an optional JSON body (serialized with the API's conventions unless already a string).</summary>
    public static HttpRequest Request(IServiceProvider services, string method, object? jsonBody = null)
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Scheme = "https";

        // The Host header is deliberately hostile: nothing the API returns may be built from it.
        context.Request.Host = new HostString("attacker.example.net");
        if (jsonBody is not null)
        {
            var json = jsonBody as string ?? JsonSerializer.Serialize(jsonBody, ApiJson.Options);
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        return context.Request;
    }

    /// <summary>Executes a handler's result against a fresh response and returns what a client would see.</summary>
    public static async Task<ApiResponse> ExecuteAsync(IResult result, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return new ApiResponse(context.Response.StatusCode, context.Response.Headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>Runs a handler call and executes its result.</summary>
    public static async Task<ApiResponse> SendAsync(IServiceProvider services, Func<Task<IResult>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await ExecuteAsync(await call(), services);
    }
}
