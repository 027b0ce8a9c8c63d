using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.LocalHost.Mail;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>
/// A certification waiting for program staff to validate a customer reference, reached through the API as in README's
/// walk-through (partner, API key, evidence, certification), and the approval email's link read from the captured mail.
/// </summary>
public sealed partial record WaitingApproval(string PartnerId, string PartnerKey, string ApprovalId, string Link, CapturedMail Mail)
{
    public const string Competency = "endpoint-security-ent";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The evidence document uploaded for the reference (a 1x1 PNG).</summary>
    public static byte[] Png { get; } = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>Registers a partner named <paramref name="partnerName"/> whose evidence qualifies once its reference is validated, starts its certification and waits for the approval email.</summary>
    public static async Task<WaitingApproval> StartAsync(BrowserHost host, string partnerName)
    {
        ArgumentNullException.ThrowIfNull(host);
        var staff = host.Staff;
        var partnerId = "br-" + Guid.NewGuid().ToString("N")[..8];
        await ExpectAsync(staff.PutAsJsonAsync($"/api/partners/{partnerId}", new
        {
            name = partnerName,
            country = "FR",
            language = "fr",
            email = $"contact@{partnerId}.browser.example",
            legacySpecializations = Array.Empty<string>(),
            legacyTier = "registered",
        }), 201);
        var issued = await ExpectAsync(staff.PostAsJsonAsync($"/api/staff/partners/{partnerId}/credentials", new { label = "browser test" }), 201);
        var key = issued.GetProperty("key").GetString()!;
        using var partner = PartnerClient(host, key);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var person in new[] { "p1", "p2" })
        {
            await ExpectAsync(partner.PutAsJsonAsync($"/api/partners/{partnerId}/people/{person}", new
            {
                name = "Camille Martin " + person,
                employedFrom = "2020-01-01",
                accreditations = new[] { new { competencyId = Competency, completedOn = today.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } },
            }), 200, 201);
        }

        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        for (var m = 0; m < 12; m++)
        {
            await ExpectAsync(partner.PutAsJsonAsync($"/api/partners/{partnerId}/revenue/r{m:D2}", new
            {
                competencyId = Competency,
                period = thisMonth.AddMonths(-m).ToString("yyyy-MM", CultureInfo.InvariantCulture),
                amount = 10_000m,
                currency = "EUR",
            }), 200, 201);
        }

        await ExpectAsync(partner.PutAsJsonAsync($"/api/partners/{partnerId}/references/c1", new
        {
            competencyId = Competency,
            customerName = "Clinique du Parc, Lyon",
            customerMarket = "enterprise",
            satisfaction = 4.5m,
        }), 200, 201);

        // The reference's evidence: a 1x1 PNG the approver opens from the approval page.
        using var png = new ByteArrayContent(Png);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        await ExpectAsync(partner.PostAsync($"/api/partners/{partnerId}/references/c1/documents", png), 201);

        await ExpectAsync(partner.PostAsync($"/api/partners/{partnerId}/certifications/{Competency}", null), 202);
        var approvalId = await WaitForPendingApprovalAsync(partner, partnerId);
        var mail = await host.WaitForMailAsync(m => m.Links.Any(l => LinkOf(l) == approvalId), Timeout);
        var link = mail.Links.First(l => LinkOf(l) == approvalId);
        return new WaitingApproval(partnerId, key, approvalId, link, mail);
    }

    /// <summary>Waits for the certification to finish; returns its status (runtimeStatus, output).</summary>
    public async Task<JsonElement> WaitForCertificationAsync(BrowserHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var partner = PartnerClient(host, PartnerKey);
        return await PollCertificationAsync(partner, PartnerId, c =>
            c.TryGetProperty("runtimeStatus", out var s) && new[] { "Completed", "Failed", "Terminated" }.Contains(s.ToString(), StringComparer.OrdinalIgnoreCase));
    }

    private static HttpClient PartnerClient(BrowserHost host, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string> WaitForPendingApprovalAsync(HttpClient partner, string partnerId)
    {
        var status = await PollCertificationAsync(partner, partnerId, c =>
            c.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object
            && custom.TryGetProperty("pendingApprovals", out var pending) && pending.ValueKind == JsonValueKind.Array && pending.GetArrayLength() > 0);
        return status.GetProperty("customStatus").GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString()!;
    }

    private static async Task<JsonElement> PollCertificationAsync(HttpClient partner, string partnerId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await partner.GetAsync($"/api/partners/{partnerId}/certifications/{Competency}");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(last);
                if (done(document.RootElement))
                {
                    return document.RootElement.Clone();
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The certification of {partnerId} did not reach the expected state within {Timeout.TotalSeconds:0} s; last status: {last}");
    }

    private static string? LinkOf(string url) => ApprovalLinkPattern().Match(url) is { Success: true } match ? Uri.UnescapeDataString(match.Groups["id"].Value) : null;

    private static async Task<JsonElement> ExpectAsync(Task<HttpResponseMessage> call, params int[] expected)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        if (!expected.Contains((int)response.StatusCode))
        {
            throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected HTTP {string.Join(" or ", expected)}, got {(int)response.StatusCode}: {body}");
        }

        if (body.Length == 0)
        {
            return default;
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"/api/approvals/(?<id>[^/?#""'\s]+)\?", RegexOptions.CultureInvariant)]
    private static partial Regex ApprovalLinkPattern();
}
