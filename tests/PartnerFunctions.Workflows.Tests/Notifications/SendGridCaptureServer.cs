using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Infrastructure.Email;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>One email as a recipient would get it: a personalization of an accepted request with its substitutions applied.</summary>
public sealed record CapturedEmail(string To, string? ToName, string Subject, string Text, string Html, string? IdempotencyKey, string From);

/// <summary>One request to POST /v3/mail/send and what the server answered.</summary>
public sealed record CapturedCall(int Status, string Body, string? Authorization, DateTimeOffset ReceivedAt);

/// <summary>
/// A SendGrid-compatible endpoint on 127.0.0.1 (Kestrel, free port): accepts POST /v3/mail/send like SendGrid
/// (202 with X-Message-Id), records every request, can be scripted to answer the next calls with other statuses
/// (e.g. 429 with X-RateLimit-Reset), and answers 400 as SendGrid does when a personalization's address is refused.
/// GET /v3/messages answers Email Activity lookups by custom arg from the accepted requests (scriptable too).
/// </summary>
public sealed class SendGridCaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpResponse, Task>> _script = new();
    private readonly ConcurrentQueue<Func<HttpResponse, Task>> _lookupScript = new();
    private int _lookups;
    private readonly List<CapturedCall> _calls = [];
    private readonly List<JsonDocument> _accepted = [];
    private readonly object _lock = new();
    private Func<string, bool> _refuseAddress = _ => false;
    private int _messageCounter;

    private SendGridCaptureServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The base URL to configure as SendGrid:BaseUrl.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every call, in arrival order.</summary>
    public IReadOnlyList<CapturedCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Calls answered 202 (each an accepted SendGrid request).</summary>
    public int AcceptedCalls
    {
        get
        {
            lock (_lock)
            {
                return _accepted.Count;
            }
        }
    }

    /// <summary>Every email of the accepted calls, as delivered (substitutions applied).</summary>
    public IReadOnlyList<CapturedEmail> AcceptedEmails
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted.SelectMany(Materialize)];
            }
        }
    }

    /// <summary>Personalizations in each accepted call, in order.</summary>
    public IReadOnlyList<int> AcceptedCallSizes
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted.Select(d => d.RootElement.GetProperty("personalizations").GetArrayLength())];
            }
        }
    }

    /// <summary>The accepted request bodies.</summary>
    public IReadOnlyList<JsonElement> AcceptedBodies
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted.Select(d => d.RootElement)];
            }
        }
    }

    public static async Task<SendGridCaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SendGridCaptureServer(app);
        app.MapPost("/v3/mail/send", server.HandleAsync);
        app.MapGet("/v3/messages", server.LookUpAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    /// <summary>The next call is answered 429 with X-RateLimit-Reset = <paramref name="resetAt"/> (epoch seconds).</summary>
    public void EnqueueRateLimited(DateTimeOffset resetAt) => _script.Enqueue(response =>
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers["X-RateLimit-Limit"] = "600";
        response.Headers["X-RateLimit-Remaining"] = "0";
        response.Headers["X-RateLimit-Reset"] = resetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return response.WriteAsJsonAsync(new { errors = new[] { new { field = (string?)null, message = "too many requests" } } });
    });

    /// <summary>The next call is answered with <paramref name="status"/> and a SendGrid-shaped error body.</summary>
    public void EnqueueStatus(int status, string message = "scripted failure") => _script.Enqueue(response =>
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new { errors = new[] { new { field = (string?)null, message } } });
    });

    /// <summary>Email Activity lookups (GET /v3/messages) received.</summary>
    public int Lookups => Volatile.Read(ref _lookups);

    /// <summary>The next Email Activity lookup is answered with <paramref name="status"/> (e.g. 403 without the add-on, 429).</summary>
    public void EnqueueLookupStatus(int status, TimeSpan? retryAfter = null) => _lookupScript.Enqueue(response =>
    {
        response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsJsonAsync(new { errors = new[] { new { field = (string?)null, message = "scripted lookup failure" } } });
    });

    /// <summary>Requests with a personalization addressed to a matching address are refused with 400, as SendGrid does.</summary>
    public void RefuseAddresses(Func<string, bool> refuse) => _refuseAddress = refuse ?? throw new ArgumentNullException(nameof(refuse));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_lock)
        {
            foreach (var document in _accepted)
            {
                document.Dispose();
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var authorization = context.Request.Headers.Authorization.ToString();
        var response = context.Response;

        if (_script.TryDequeue(out var scripted))
        {
            await scripted(response);
            Record(new CapturedCall(response.StatusCode, body, authorization, DateTimeOffset.UtcNow), null);
            return;
        }

        var document = JsonDocument.Parse(body);
        var personalizations = document.RootElement.GetProperty("personalizations");
        for (var i = 0; i < personalizations.GetArrayLength(); i++)
        {
            var to = personalizations[i].GetProperty("to")[0].GetProperty("email").GetString() ?? string.Empty;
            if (_refuseAddress(to))
            {
                document.Dispose();
                response.StatusCode = StatusCodes.Status400BadRequest;
                await response.WriteAsJsonAsync(new
                {
                    errors = new[] { new { message = "Does not contain a valid address.", field = $"personalizations.{i}.to.0.email", help = (string?)null } },
                });
                Record(new CapturedCall(400, body, authorization, DateTimeOffset.UtcNow), null);
                return;
            }
        }

        response.StatusCode = (int)HttpStatusCode.Accepted;
        response.Headers["X-Message-Id"] = "capture-" + Interlocked.Increment(ref _messageCounter).ToString(CultureInfo.InvariantCulture);
        Record(new CapturedCall(202, body, authorization, DateTimeOffset.UtcNow), document);
    }

    // SendGrid's Email Activity "filter all messages", for the one query form the product asks: messages of accepted
    // requests whose personalization carries that custom arg value.
    private async Task LookUpAsync(HttpContext context)
    {
        Interlocked.Increment(ref _lookups);
        var response = context.Response;
        if (_lookupScript.TryDequeue(out var scripted))
        {
            await scripted(response);
            return;
        }

        if (!SendGridActivityQuery.TryParse(context.Request.Query["query"], out var arg, out var value))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            await response.WriteAsJsonAsync(new { errors = new[] { new { field = "query", message = "invalid query" } } });
            return;
        }

        List<object> messages;
        lock (_lock)
        {
            messages = _accepted
                .SelectMany(document => document.RootElement.GetProperty("personalizations").EnumerateArray())
                .Where(p => p.TryGetProperty("custom_args", out var args) && args.TryGetProperty(arg, out var v) && v.GetString() == value)
                .Select(p => (object)new { to_email = p.GetProperty("to")[0].GetProperty("email").GetString(), status = "delivered" })
                .ToList();
        }

        await response.WriteAsJsonAsync(new { messages });
    }

    private void Record(CapturedCall call, JsonDocument? accepted)
    {
        lock (_lock)
        {
            _calls.Add(call);
            if (accepted is not null)
            {
                _accepted.Add(accepted);
            }
        }
    }

    // What SendGrid does with a request: one email per personalization, its substitutions applied to the shared
    // content and its own subject.
    private static IEnumerable<CapturedEmail> Materialize(JsonDocument document)
    {
        var root = document.RootElement;
        var from = root.GetProperty("from").GetProperty("email").GetString() ?? string.Empty;
        string text = string.Empty, html = string.Empty;
        foreach (var content in root.GetProperty("content").EnumerateArray())
        {
            var value = content.GetProperty("value").GetString() ?? string.Empty;
            if (content.GetProperty("type").GetString() == "text/plain")
            {
                text = value;
            }
            else
            {
                html = value;
            }
        }

        var globalSubject = root.TryGetProperty("subject", out var s) ? s.GetString() : null;
        foreach (var personalization in root.GetProperty("personalizations").EnumerateArray())
        {
            var to = personalization.GetProperty("to")[0];
            var subject = personalization.TryGetProperty("subject", out var ps) ? ps.GetString() : globalSubject;
            var (personalText, personalHtml) = (text, html);
            if (personalization.TryGetProperty("substitutions", out var substitutions))
            {
                foreach (var substitution in substitutions.EnumerateObject())
                {
                    var value = substitution.Value.GetString() ?? string.Empty;
                    personalText = personalText.Replace(substitution.Name, value, StringComparison.Ordinal);
                    personalHtml = personalHtml.Replace(substitution.Name, value, StringComparison.Ordinal);
                }
            }

            var key = personalization.TryGetProperty("custom_args", out var args) && args.TryGetProperty("pf_idempotency_key", out var k) ? k.GetString() : null;
            yield return new CapturedEmail(
                to.GetProperty("email").GetString() ?? string.Empty,
                to.TryGetProperty("name", out var name) ? name.GetString() : null,
                subject ?? string.Empty,
                personalText,
                personalHtml,
                key,
                from);
        }
    }
}
