using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Infrastructure.Email;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Notifications;

/// <summary>The real SendGrid client against a SendGrid-compatible endpoint started by the test.</summary>
public sealed class SendGridEmailSenderTests : IAsyncLifetime
{
    private SendGridCaptureServer _server = null!;

    public async Task InitializeAsync() => _server = await SendGridCaptureServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static Dictionary<string, string?> Settings(string baseUrl, int maxRetries = 3) => new()
    {
        ["SendGrid:ApiKey"] = "SG.test-key",
        ["SendGrid:FromEmail"] = "program@partners.test.example.com",
        ["SendGrid:FromName"] = "Partner Program",
        ["SendGrid:BaseUrl"] = baseUrl,
        ["SendGrid:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SendGrid:RetryBaseDelay"] = "00:00:00.050",
        ["SendGrid:MaxRetryDelay"] = "00:00:03",
        ["SendGrid:RequestTimeout"] = "00:00:10",
    };

    [Fact]
    public async Task SendAsync_Accepted_PostsOneMailSendWithKeyContentsAndAuth()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var sender = provider.GetRequiredService<IEmailSender>();

        var result = await sender.SendAsync(Message("partner@example.com", "key-1"));

        Assert.Equal(EmailSendStatus.Accepted, result.Status);
        Assert.StartsWith("capture-", result.ProviderMessageId, StringComparison.Ordinal);
        var call = Assert.Single(_server.Calls);
        Assert.Equal("Bearer SG.test-key", call.Authorization);
        var body = Assert.Single(_server.AcceptedBodies);
        Assert.Equal("program@partners.test.example.com", body.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("Partner Program", body.GetProperty("from").GetProperty("name").GetString());
        Assert.False(body.GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
        var contents = body.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()).ToList();
        Assert.Equal(["text/plain", "text/html"], contents);
        var email = Assert.Single(_server.AcceptedEmails);
        Assert.Equal("partner@example.com", email.To);
        Assert.Equal("Subject key-1", email.Subject);
        Assert.Equal("key-1", email.IdempotencyKey);
        Assert.Equal("<p>html key-1</p>", email.Html);
        Assert.Equal("text key-1", email.Text);
    }

    [Fact]
    public async Task SendAsync_429ThenAccepted_WaitsForTheResetAndSendsOnce()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var sender = provider.GetRequiredService<IEmailSender>();
        var resetAt = DateTimeOffset.UtcNow.AddSeconds(2);
        _server.EnqueueRateLimited(resetAt);
        var watch = Stopwatch.StartNew();

        var result = await sender.SendAsync(Message("partner@example.com", "key-429"));

        Assert.Equal(EmailSendStatus.Accepted, result.Status);
        Assert.Equal([429, 202], _server.Calls.Select(c => c.Status));
        Assert.Equal(1, _server.AcceptedCalls);
        Assert.Single(_server.AcceptedEmails);

        // The reset is in whole seconds: the retry came no earlier than that second.
        var resetSecond = DateTimeOffset.FromUnixTimeSeconds(resetAt.ToUnixTimeSeconds());
        Assert.True(_server.Calls[1].ReceivedAt >= resetSecond.AddMilliseconds(-50), $"retried at {_server.Calls[1].ReceivedAt:O}, reset {resetSecond:O}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SendAsync_400_IsPermanentAndNotRetried()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var sender = provider.GetRequiredService<IEmailSender>();
        _server.EnqueueStatus(400, "The to email does not contain a valid address.");

        var result = await sender.SendAsync(Message("partner@example.com", "key-400"));

        Assert.Equal(EmailSendStatus.Permanent, result.Status);
        Assert.Contains("HTTP 400", result.Error, StringComparison.Ordinal);
        Assert.Contains("does not contain a valid address", result.Error, StringComparison.Ordinal);
        Assert.Single(_server.Calls);
        Assert.Equal(0, _server.AcceptedCalls);
    }

    [Fact]
    public async Task SendAsync_5xxOnEveryTry_IsTransientAfterMaxRetries()
    {
        await using var provider = Build(Settings(_server.BaseUrl, maxRetries: 2));
        var sender = provider.GetRequiredService<IEmailSender>();
        for (var i = 0; i < 3; i++)
        {
            _server.EnqueueStatus(503);
        }

        var result = await sender.SendAsync(Message("partner@example.com", "key-503"));

        Assert.Equal(EmailSendStatus.Transient, result.Status);
        Assert.NotNull(result.RetryAfter);
        Assert.Contains("HTTP 503", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, _server.Calls.Count);
        Assert.Equal(0, _server.AcceptedCalls);
    }

    [Fact]
    public async Task SendAsync_ResetFurtherThanMaxRetryDelay_IsTransientAtOnceWithTheProvidersDelay()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var sender = provider.GetRequiredService<IEmailSender>();
        _server.EnqueueRateLimited(DateTimeOffset.UtcNow.AddSeconds(60));

        var result = await sender.SendAsync(Message("partner@example.com", "key-later"));

        Assert.Equal(EmailSendStatus.Transient, result.Status);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(61));
        Assert.Single(_server.Calls);
    }

    [Fact]
    public async Task SendAsync_EndpointDown_IsTransient()
    {
        string deadUrl;
        await using (var dead = await SendGridCaptureServer.StartAsync())
        {
            deadUrl = dead.BaseUrl;
        }

        await using var provider = Build(Settings(deadUrl, maxRetries: 1));
        var result = await provider.GetRequiredService<IEmailSender>().SendAsync(Message("partner@example.com", "key-down"));

        Assert.Equal(EmailSendStatus.Transient, result.Status);
        Assert.StartsWith("network:", result.Error, StringComparison.Ordinal);
        Assert.True(result.OutcomeUnknown);
    }

    [Fact]
    public async Task SendBatchAsync_1000Recipients_OneCallWithOnePersonalizationEach()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var sender = provider.GetRequiredService<IBatchEmailSender>();
        var recipients = Enumerable.Range(0, 1000)
            .Select(i => new EmailBatchRecipient(
                new Domain.Notifications.EmailAddress($"p{i}@example.com", $"P {i}"),
                $"Subject {i}",
                new Dictionary<string, string> { ["%%t.n%%"] = $"text {i}", ["%%h.n%%"] = $"<b>{i}</b>" },
                $"key-{i}"))
            .ToList();

        var result = await sender.SendBatchAsync(new EmailBatch("<p>%%h.n%%</p>", "%%t.n%%", recipients));

        Assert.Equal(EmailSendStatus.Accepted, result.Result.Status);
        Assert.Equal([1000], _server.AcceptedCallSizes);
        var emails = _server.AcceptedEmails;
        Assert.Equal(1000, emails.Select(e => e.IdempotencyKey).Distinct().Count());
        var e7 = emails.Single(e => e.To == "p7@example.com");
        Assert.Equal(("Subject 7", "text 7", "<p><b>7</b></p>", "key-7"), (e7.Subject, e7.Text, e7.Html, e7.IdempotencyKey));
    }

    [Fact]
    public async Task SendBatchAsync_RefusedRecipient_IsPermanentAndSplittable()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        _server.RefuseAddresses(a => a.StartsWith("bad", StringComparison.Ordinal));
        var recipients = new[] { "ok@example.com", "bad@example.com" }
            .Select(a => new EmailBatchRecipient(new Domain.Notifications.EmailAddress(a), "s", new Dictionary<string, string>(), a))
            .ToList();

        var result = await provider.GetRequiredService<IBatchEmailSender>().SendBatchAsync(new EmailBatch("<p>x</p>", "x", recipients));

        Assert.Equal(EmailSendStatus.Permanent, result.Result.Status);
        Assert.True(result.SplitMayHelp);
        Assert.Contains("personalizations.1.to.0.email", result.Result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBatchAsync_Unauthorized_IsPermanentAndNotSplittable()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        _server.EnqueueStatus(401, "authorization required");
        var recipients = new[] { new EmailBatchRecipient(new Domain.Notifications.EmailAddress("a@example.com"), "s", new Dictionary<string, string>(), "k") };

        var result = await provider.GetRequiredService<IBatchEmailSender>().SendBatchAsync(new EmailBatch("<p>x</p>", "x", recipients));

        Assert.Equal(EmailSendStatus.Permanent, result.Result.Status);
        Assert.False(result.SplitMayHelp);
    }

    [Theory]
    [InlineData("SendGrid:ApiKey", "")]
    [InlineData("SendGrid:ApiKey", "has space")]
    [InlineData("SendGrid:FromEmail", "not-an-address")]
    [InlineData("SendGrid:BaseUrl", "ftp://example.com")]
    [InlineData("SendGrid:MaxRetries", "11")]
    public async Task Options_Invalid_FailAtStartUp(string key, string value)
    {
        var settings = Settings(_server.BaseUrl);
        settings[key] = value;
        await using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SendGridOptions>>().Value);

        Assert.Contains(key.Split(':')[1], string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_Defaults_AreSandboxOffAndSendGridsApi()
    {
        var options = new SendGridOptions();

        Assert.False(options.SandboxMode);
        Assert.Null(options.BaseUrl);
        Assert.Equal("SendGrid", SendGridOptions.SectionName);
    }

    [Fact]
    public async Task SendBatchAsync_WithSendCallId_EveryPersonalizationCarriesItAndTheKey()
    {
        await using var provider = Build(Settings(_server.BaseUrl));
        var batch = new EmailBatch("<p>%%h.x%%</p>", "%%t.x%%", [
            new EmailBatchRecipient(new Domain.Notifications.EmailAddress("a@example.com"), "s", new Dictionary<string, string> { ["%%h.x%%"] = "1", ["%%t.x%%"] = "1" }, "key-a"),
            new EmailBatchRecipient(new Domain.Notifications.EmailAddress("b@example.com"), "s", new Dictionary<string, string> { ["%%h.x%%"] = "2", ["%%t.x%%"] = "2" }, "key-b"),
        ])
        { SendCallId = "call-42" };

        var answer = await provider.GetRequiredService<IBatchEmailSender>().SendBatchAsync(batch);

        Assert.Equal(EmailSendStatus.Accepted, answer.Result.Status);
        var personalizations = Assert.Single(_server.AcceptedBodies).GetProperty("personalizations").EnumerateArray().ToList();
        Assert.Equal(["call-42", "call-42"], personalizations.Select(p => p.GetProperty("custom_args").GetProperty(SendGridEmailSender.SendCallArg).GetString()));
        Assert.Equal(["key-a", "key-b"], personalizations.Select(p => p.GetProperty("custom_args").GetProperty(SendGridEmailSender.IdempotencyKeyArg).GetString()));
    }

    internal static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddPartnerFunctionsEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static EmailMessage Message(string to, string key) =>
        new(new Domain.Notifications.EmailAddress(to, "A Partner"), "Subject " + key, "<p>html " + key + "</p>", "text " + key, key);
}
