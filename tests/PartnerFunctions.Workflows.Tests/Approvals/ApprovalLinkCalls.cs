using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Tests.Support;

namespace PartnerFunctions.Workflows.Tests.Approvals;

/// <summary>What a browser would get from an approval link's route: status, headers and the HTML.</summary>
internal sealed record PageResponse(string Method, int Status, IHeaderDictionary Headers, string Body)
{
    public override string ToString() => $"{Method} {Status}";
}

/// <summary>
/// Calls <see cref="ApprovalLinkHandlers"/> the way a host does (one HTTP context for request and response, so a HEAD
/// is executed as a HEAD), from a client address, with a hostile Host header that nothing may be built from.
/// </summary>
internal static class ApprovalLinkCalls
{
    public const string ClientAddress = "203.0.113.7";

    /// <summary>GET (or HEAD) <c>approvals/{approvalId}?token=…</c>; no query string when <paramref name="token"/> is null.</summary>
    public static Task<PageResponse> ShowAsync(WorkflowTestHost host, string approvalId, string? token, string method = "GET")
    {
        var context = NewContext(host, method);
        if (token is not null)
        {
            context.Request.QueryString = QueryString.Create("token", token);
        }

        var handlers = host.Services.GetRequiredService<ApprovalLinkHandlers>();
        return SendAsync(context, () => handlers.ShowAsync(context.Request, approvalId, host.Client, CancellationToken.None));
    }

    /// <summary>POST <c>approvals/{approvalId}</c> with the confirmation form's fields.</summary>
    public static Task<PageResponse> AnswerAsync(WorkflowTestHost host, string approvalId, string? token, string? decision, string? comment = null, string? clientAddress = null) =>
        PostAsync(host, approvalId, Form(("token", token), ("decision", decision), ("comment", comment)), clientAddress: clientAddress);

    /// <summary>POST <c>approvals/{approvalId}</c> with a raw body.</summary>
    public static Task<PageResponse> PostAsync(WorkflowTestHost host, string approvalId, string body, string contentType = "application/x-www-form-urlencoded", string? clientAddress = null)
    {
        var context = NewContext(host, "POST", clientAddress);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.ContentType = contentType;
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        var handlers = host.Services.GetRequiredService<ApprovalLinkHandlers>();
        return SendAsync(context, () => handlers.AnswerAsync(context.Request, approvalId, host.Client, CancellationToken.None));
    }

    /// <summary>A url-encoded form of the fields that have a value.</summary>
    public static string Form(params (string Name, string? Value)[] fields) =>
        string.Join('&', fields.Where(f => f.Value is not null).Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value!)}"));

    private static DefaultHttpContext NewContext(WorkflowTestHost host, string method, string? clientAddress = null)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("attacker.example.net");
        context.Request.Path = "/api/approvals";
        context.Connection.RemoteIpAddress = IPAddress.Parse(clientAddress ?? ClientAddress);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<PageResponse> SendAsync(HttpContext context, Func<Task<IResult>> call)
    {
        var result = await call();
        await result.ExecuteAsync(context);
        var body = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        return new PageResponse(context.Request.Method, context.Response.StatusCode, context.Response.Headers, body);
    }
}

/// <summary>The clock of the product, movable forward (to pass an approval's expiry without waiting for it).</summary>
internal sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
}
