using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Tests.Support;

namespace PartnerFunctions.LocalHost.Tests.Mail;

/// <summary>The mail list page's search and paging and the message page's internal headers, over HTTP.</summary>
public sealed partial class MailPageTests(MemoryHostFixture fixture) : IClassFixture<MemoryHostFixture>
{
    private HttpClient Http => fixture.Host.Http;

    [Fact]
    public async Task ListPage_QueryWithoutAccents_FindsAccentedSubjectBodyAndRecipient()
    {
        var run = Run();
        await SendAsync($"eloise-{run}@example.fr", $"Sécurité du compte {run}", $"Bonjour Éloïse, votre Œuvre est validée ({run}).");
        await SendAsync($"autre-{run}@example.fr", $"Rappel {run}", "Rien à voir.");

        var bySubject = await Http.GetStringAsync(List($"q={Uri.EscapeDataString("SECURITE " + run)}"));
        var byBody = await Http.GetStringAsync(List($"q={Uri.EscapeDataString("oeuvre validee " + run)}"));
        var byRecipient = await Http.GetStringAsync(List($"q={Uri.EscapeDataString("autre-" + run)}"));
        var nothing = await Http.GetStringAsync(List($"q={Uri.EscapeDataString("absent " + run)}"));

        Assert.Equal([$"Sécurité du compte {run}"], Subjects(bySubject));
        Assert.Contains("Page 1 of 1, 1 message matching", bySubject, StringComparison.Ordinal);
        Assert.Contains($"value=\"SECURITE {run}\"", bySubject, StringComparison.Ordinal);
        Assert.Equal([$"Sécurité du compte {run}"], Subjects(byBody));
        Assert.Equal([$"Rappel {run}"], Subjects(byRecipient));
        Assert.Empty(Subjects(nothing));
        Assert.Contains("No message matching", nothing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPage_120Matches_FiftyAPageNewestFirstWithLinksKeepingTheQuery()
    {
        var run = Run();
        await SendBatchAsync(run, 120);

        var first = await Http.GetStringAsync(List($"q={run}"));
        var second = await Http.GetStringAsync(List($"q={run}&page=2"));
        var last = await Http.GetStringAsync(List($"q={run}&page=3"));

        Assert.Equal(Enumerable.Range(70, 50).Reverse().Select(i => $"Lot {run} n{i:D3}"), Subjects(first));
        Assert.Contains("Page 1 of 3, 120 messages", first, StringComparison.Ordinal);
        Assert.Equal([$"{MailPages.ListPath}?page=2&q={run}"], Links(first, "next"));
        Assert.Empty(Links(first, "prev"));
        Assert.Equal(Enumerable.Range(20, 50).Reverse().Select(i => $"Lot {run} n{i:D3}"), Subjects(second));
        Assert.Equal([$"{MailPages.ListPath}?page=1&q={run}"], Links(second, "prev"));
        Assert.Equal([$"{MailPages.ListPath}?page=3&q={run}"], Links(second, "next"));
        Assert.Equal(Enumerable.Range(0, 20).Reverse().Select(i => $"Lot {run} n{i:D3}"), Subjects(last));
        Assert.Contains("Page 3 of 3, 120 messages", last, StringComparison.Ordinal);
        Assert.Empty(Links(last, "next"));
    }

    [Fact]
    public async Task ListPage_PastTheEnd_Is200SayingSoAndLinkingTheLastPage()
    {
        var run = Run();
        await SendBatchAsync(run, 3);

        using var response = await Http.GetAsync(List($"q={run}&page=9"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Subjects(html));
        Assert.Contains($"There is no page 9: the last is <a href=\"{MailPages.ListPath}?page=1&amp;q={run}\">page 1</a>", html, StringComparison.Ordinal);
        Assert.Equal([$"{MailPages.ListPath}?page=1&q={run}"], Links(html, "prev"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("")]
    [InlineData("99999999999")]
    public async Task ListPage_BadPage_Is400ProblemNamingPage(string page)
    {
        using var response = await Http.GetAsync(List($"page={Uri.EscapeDataString(page)}"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("page", problem.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListPage_QueryTooLong_Is400ProblemNamingQ()
    {
        using var response = await Http.GetAsync(List("q=" + new string('a', MailSearchText.MaxQueryLength + 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("q", problem.RootElement.GetProperty("errors")[0].GetProperty("field").GetString());
    }

    [Fact]
    public async Task ListPage_SubjectWithMarkup_IsEncodedInOneMainWithSecurityHeaders()
    {
        var run = Run();
        await SendAsync($"x-{run}@example.fr", $"<script>alert(1)</script> {run}", "x");

        using var response = await Http.GetAsync(List($"q={Uri.EscapeDataString("<script> " + run)}"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Single(MainPattern().Matches(html));
        Assert.StartsWith("<!DOCTYPE html><html lang=\"en\"><head>", html, StringComparison.Ordinal);
        Assert.Contains("<body><main>", html, StringComparison.Ordinal);
        Assert.EndsWith("</main></body></html>", html, StringComparison.Ordinal);
        Assert.Equal(MailPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task MessagePage_InternalArgs_AreOnlyInsideTheInternalHeadersToggle()
    {
        var run = Run();
        var body = """{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"t-RUN@example.fr"}],"custom_args":{"pf_send_call":"call-RUN"}}],"subject":"Args RUN","content":[{"type":"text/plain","value":"x"}],"custom_args":{"campaign":"winter-RUN","pf_idempotency_key":"key-RUN"}}""".Replace("RUN", run, StringComparison.Ordinal);
        using (var sent = await PostAsync(body))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var id = Assert.Single(Ids(await Http.GetStringAsync(List($"q={run}"))));
        using var response = await Http.GetAsync($"{MailPages.ListPath}/{id}");
        var html = await response.Content.ReadAsStringAsync();

        var toggle = html.IndexOf("<details><summary>Internal headers</summary>", StringComparison.Ordinal);
        Assert.True(toggle > 0, html);
        var end = html.IndexOf("</details>", toggle, StringComparison.Ordinal);
        var inside = html[toggle..end];
        var outside = html[..toggle] + html[end..];
        Assert.Contains($"<dt>pf_send_call</dt><dd>call-{run}</dd>", inside, StringComparison.Ordinal);
        Assert.Contains($"<dt>pf_idempotency_key</dt><dd>key-{run}</dd>", inside, StringComparison.Ordinal);
        Assert.DoesNotContain("pf_", outside, StringComparison.Ordinal);
        Assert.Contains($"<dt>campaign</dt><dd>winter-{run}</dd>", outside, StringComparison.Ordinal);
        Assert.Single(MainPattern().Matches(html));
        Assert.Equal(MailPages.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task MessagePage_NoInternalArgs_HasNoToggle()
    {
        var run = Run();
        using (var sent = await PostAsync("""{"from":{"email":"f@example.fr"},"personalizations":[{"to":[{"email":"t-RUN@example.fr"}]}],"subject":"Plain RUN","content":[{"type":"text/plain","value":"x"}]}""".Replace("RUN", run, StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var id = Assert.Single(Ids(await Http.GetStringAsync(List($"q={run}"))));

        Assert.DoesNotContain("<details>", await Http.GetStringAsync($"{MailPages.ListPath}/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSearchable_RestartedStore_ReadsTheSearchTextKeptAtCapture()
    {
        var run = Run();
        await SendAsync($"r-{run}@example.fr", "Sans rapport", $"Le mot caché est Tréma{run}");
        var restarted = new CapturedMailStore(fixture.Host.Services.GetRequiredService<StorageClients>());

        var found = Assert.Single(await restarted.ListSearchableAsync(), m => m.Summary.To == $"r-{run}@example.fr");

        Assert.Contains($"trema{run}", found.SearchText, StringComparison.Ordinal);
        var index = await IndexBlobAsync(found.Summary.Id);
        Assert.Contains($"trema{run}", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListSearchable_IndexWrittenBeforeSearchTexts_ComputesThemFromTheRequestOnce()
    {
        var run = Run();
        var requestId = $"20260101000000{Random.Shared.Next(1_000_000, 9_999_999)}-{run}";
        var mail = new CapturedMail(requestId + "-0000", DateTimeOffset.UnixEpoch, "f@example.fr", $"old-{run}@example.fr", "Ancien", null, $"Réunion {run}", new Dictionary<string, string>(), []);
        var container = Container();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await container.GetBlobClient($"requests/{requestId}.json").UploadAsync(BinaryData.FromObjectAsJson(new[] { mail }, json));
        // An index blob as written before search: summaries only.
        await container.GetBlobClient($"index/{requestId}.json").UploadAsync(BinaryData.FromObjectAsJson(new[] { new CapturedMailSummary(mail.Id, mail.CapturedAt, mail.From, mail.To, mail.Subject, null, []) }, json));

        var store = new CapturedMailStore(fixture.Host.Services.GetRequiredService<StorageClients>());
        var found = Assert.Single(await store.ListSearchableAsync(), m => m.Summary.Id == mail.Id);
        await container.GetBlobClient($"requests/{requestId}.json").DeleteAsync();

        Assert.Equal($"old-{run}@example.fr ancien reunion {run}", found.SearchText);
        Assert.Equal(found.SearchText, Assert.Single(await store.ListSearchableAsync(), m => m.Summary.Id == mail.Id).SearchText);
    }

    private static string Run() => Guid.NewGuid().ToString("N")[..12];

    private static string List(string query) => MailPages.ListPath + "?" + query;

    private static string[] Subjects(string html) =>
        RowPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["subject"].Value)).ToArray();

    private static string[] Ids(string html) => RowPattern().Matches(html).Select(m => m.Groups["id"].Value).ToArray();

    private static string[] Links(string html, string rel) =>
        LinkPattern().Matches(html).Where(m => m.Groups["rel"].Value == rel).Select(m => WebUtility.HtmlDecode(m.Groups["href"].Value)).ToArray();

    private async Task SendAsync(string to, string subject, string text)
    {
        var result = await fixture.Host.Services.GetRequiredService<IEmailSender>().SendAsync(
            new EmailMessage(new EmailAddress(to), subject, $"<p>{WebUtility.HtmlEncode(text)}</p>", text, "key-" + Guid.NewGuid().ToString("N")));
        Assert.Equal(EmailSendStatus.Accepted, result.Status);
    }

    private async Task SendBatchAsync(string run, int count)
    {
        var recipients = Enumerable.Range(0, count)
            .Select(i => new EmailBatchRecipient(new EmailAddress($"r{i}-{run}@example.fr"), $"Lot {run} n{i:D3}", new Dictionary<string, string>(), $"{run}-{i}"))
            .ToArray();
        var result = await fixture.Host.Services.GetRequiredService<IBatchEmailSender>().SendBatchAsync(new EmailBatch("<p>x</p>", "x", recipients));
        Assert.Equal(EmailSendStatus.Accepted, result.Result.Status);
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

    private Azure.Storage.Blobs.BlobContainerClient Container()
    {
        var store = fixture.Host.Services.GetRequiredService<CapturedMailStore>();
        return fixture.Host.Services.GetRequiredService<StorageClients>().Container(store.ContainerName);
    }

    private async Task<string> IndexBlobAsync(string messageId)
    {
        var content = await Container().GetBlobClient($"index/{CapturedMailStore.RequestIdOf(messageId)}.json").DownloadContentAsync();
        return content.Value.Content.ToString();
    }

    [GeneratedRegex("<tr><td>[^<]*</td><td>[^<]*</td><td><a href=\"/_local/mail/(?<id>[A-Za-z0-9-]+)\">(?<subject>[^<]*)</a></td></tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<a rel=\"(?<rel>prev|next)\" href=\"(?<href>[^\"]*)\">")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<main[ >]")]
    private static partial Regex MainPattern();
}
