using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Infrastructure.Email;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Tests.Support;

namespace PartnerFunctions.LocalHost.Tests.Mail;

/// <summary>The real SendGrid client, pointed at the host's capture endpoint: accepted, kept in Blob, listed and readable.</summary>
public sealed class SendGridCaptureTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task SendAsync_RealSendGridClient_IsCapturedAndListed()
    {
        var sender = fixture.Host.Services.GetRequiredService<IEmailSender>();
        Assert.IsType<SendGridEmailSender>(sender);
        var to = $"partner-{Guid.NewGuid():N}@example.fr";
        var key = "key-" + Guid.NewGuid().ToString("N");

        var result = await sender.SendAsync(new EmailMessage(
            new EmailAddress(to, "Éloïse Durand"),
            "Votre référence à approuver",
            "<p>Bonjour, <a href=\"http://127.0.0.1:7071/api/approvals/a1?token=x&amp;y=1\">Ouvrir</a></p>",
            "Bonjour, ouvrez http://127.0.0.1:7071/api/approvals/a1?token=x&y=1 .",
            key));

        Assert.Equal(EmailSendStatus.Accepted, result.Status);
        Assert.False(string.IsNullOrEmpty(result.ProviderMessageId));
        var listed = Assert.Single(await ListAsync($"?to={Uri.EscapeDataString(to)}"));
        Assert.Equal("Votre référence à approuver", listed.Subject);
        Assert.Equal(key, listed.IdempotencyKey);
        Assert.Equal(["http://127.0.0.1:7071/api/approvals/a1?token=x&y=1"], listed.Links);
        Assert.Contains("partner-program@partnerfunctions.example", listed.From, StringComparison.Ordinal);

        var page = await Http.GetStringAsync($"{MailPages.ListPath}/{listed.Id}");
        Assert.Contains("Votre r", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"http://127.0.0.1:7071/api/approvals/a1?token=x&amp;y=1\">", page, StringComparison.Ordinal);
        Assert.Contains("<iframe", page, StringComparison.Ordinal);
        var list = await Http.GetStringAsync(MailPages.ListPath);
        Assert.Contains($"{MailPages.ListPath}/{listed.Id}", list, StringComparison.Ordinal);

        var full = await Http.GetFromJsonAsync<CapturedMail>($"{MailPages.ListPath}/{listed.Id}.json", Json);
        Assert.NotNull(full);
        Assert.Contains("Ouvrir", full.Html, StringComparison.Ordinal);
        Assert.StartsWith("Bonjour", full.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendBatchAsync_Substitutions_AreAppliedPerRecipient()
    {
        var sender = fixture.Host.Services.GetRequiredService<IBatchEmailSender>();
        var run = Guid.NewGuid().ToString("N");
        var recipients = Enumerable.Range(0, 3).Select(i => new EmailBatchRecipient(
            new EmailAddress($"r{i}-{run}@example.fr"),
            $"Niveau -tier- {run}",
            new Dictionary<string, string> { ["-tier-"] = $"T{i}" },
            $"{run}-{i}")).ToArray();

        var result = await sender.SendBatchAsync(new EmailBatch("<p>Vous êtes -tier-</p>", "Vous êtes -tier-", recipients));

        Assert.Equal(EmailSendStatus.Accepted, result.Result.Status);
        var listed = await ListAsync($"?subject={run}");
        Assert.Equal(3, listed.Count);
        for (var i = 0; i < 3; i++)
        {
            var mail = Assert.Single(listed, m => m.To == $"r{i}-{run}@example.fr");
            Assert.Equal($"Niveau T{i} {run}", mail.Subject);
            var full = await Http.GetFromJsonAsync<CapturedMail>($"{MailPages.ListPath}/{mail.Id}.json", Json);
            Assert.Equal($"Vous êtes T{i}", full!.Text);
        }
    }

    [Fact]
    public async Task MailSend_NotJson_Is400()
    {
        using var response = await PostAsync("{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"personalizations":[{"to":[{"email":"a@example.fr"}]}],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "from")]
    [InlineData("""{"from":{"email":"f@example.fr"},"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[]}],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations.0.to")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"not-an-address"}]}],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", "personalizations.0.to.0.email")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"a@example.fr"}]}],"content":[{"type":"text/plain","value":"x"}]}""", "subject")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"a@example.fr"}]}],"subject":"s"}""", "content")]
    [InlineData("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"a@example.fr"}]}],"subject":"s","content":[{"type":"text/html","value":"<p>x</p>"},{"type":"text/plain","value":"x"}]}""", "content.1.type")]
    public async Task MailSend_InvalidBody_Is400NamingTheField(string body, string field)
    {
        var before = (await ListAsync(string.Empty)).Count;

        using var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(errors.RootElement.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, (await ListAsync(string.Empty)).Count);
    }

    [Fact]
    public async Task MailSend_NoApiKey_Is401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SendGridCapture.BasePath + "/v3/mail/send")
        {
            Content = new StringContent("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"a@example.fr"}]}],"subject":"s","content":[{"type":"text/plain","value":"x"}]}""", Encoding.UTF8, "application/json"),
        };

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MailSend_SandboxMode_Is200AndKeepsNothing()
    {
        var to = $"sandbox-{Guid.NewGuid():N}@example.fr";

        var body = """{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"TO"}]}],"subject":"s","content":[{"type":"text/plain","value":"x"}],"mail_settings":{"sandbox_mode":{"enable":true}}}""";

        using var response = await PostAsync(body.Replace("TO", to, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ListAsync($"?to={Uri.EscapeDataString(to)}"));
    }

    [Fact]
    public async Task MailPage_UnknownId_Is404()
    {
        using var response = await Http.GetAsync($"{MailPages.ListPath}/20260101000000-unknown-0000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task SendBatch_ThreeRecipients_KeptAsOneRequestOfTwoBlobsAndFoundByItsSendCallAfterARestart()
    {
        var sender = fixture.Host.Services.GetRequiredService<IBatchEmailSender>();
        var call = Guid.NewGuid().ToString("N");
        var recipients = Enumerable.Range(0, 3)
            .Select(i => new EmailBatchRecipient(new EmailAddress($"r{i}-{call}@example.fr"), "s " + call, new Dictionary<string, string>(), $"{call}-{i}"))
            .ToArray();
        var blobsBefore = await BlobCountAsync();

        var result = await sender.SendBatchAsync(new EmailBatch("<p>x</p>", "x", recipients) { SendCallId = call });

        Assert.Equal(EmailSendStatus.Accepted, result.Result.Status);
        Assert.Equal(blobsBefore + 2, await BlobCountAsync());
        var listed = await ListAsync($"?subject={call}");
        Assert.Equal(3, listed.Count);
        Assert.All(listed, m => Assert.Equal(call, m.SendCallId));

        // A store that has read nothing yet (a restarted host) and the lookup the notification service asks.
        var restarted = new CapturedMailStore(fixture.Host.Services.GetRequiredService<PartnerFunctions.Infrastructure.Storage.StorageClients>());
        Assert.Equal(3, (await restarted.ListAsync()).Count(m => m.SendCallId == call));
        var lookup = fixture.Host.Services.GetRequiredService<IEmailDeliveryLookup>();
        var found = await lookup.FindSendCallAsync(call);
        Assert.Equal((SendCallStatus.Accepted, 3), (found.Status, found.MessagesFound));
        Assert.Equal(SendCallStatus.NotFound, (await lookup.FindSendCallAsync("never-" + call)).Status);
    }

    [Fact]
    public async Task Messages_NoApiKey_Is401_OtherQuery_Is400()
    {
        var query = Uri.EscapeDataString("to_email=\"a@example.fr\"");

        using var anonymous = await Http.GetAsync($"{SendGridCapture.BasePath}/v3/messages?query={query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{SendGridCapture.BasePath}/v3/messages?query={query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-key");
        using var unsupported = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);
        Assert.Contains("\"field\":\"query\"", await unsupported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<int> BlobCountAsync()
    {
        var store = fixture.Host.Services.GetRequiredService<CapturedMailStore>();
        var container = fixture.Host.Services.GetRequiredService<PartnerFunctions.Infrastructure.Storage.StorageClients>().Container(store.ContainerName);
        var count = 0;
        await foreach (var item in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SendGridCapture.BasePath + "/v3/mail/send")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "test-key");
        return await Http.SendAsync(request);
    }

    private async Task<IReadOnlyList<CapturedMailSummary>> ListAsync(string query) =>
        (await Http.GetFromJsonAsync<CapturedMailSummary[]>(MailPages.JsonListPath + query, Json))!;
}
