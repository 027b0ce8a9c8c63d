using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.LocalHost.Mail;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Pages;

namespace PartnerFunctions.LocalHost.Tests.TierOverrides;

/// <summary>
/// Tier overrides with four eyes on a real local host over Azurite: asked for by the local staff member, refused to
/// that same member, approved through the link emailed to the staff approver, then revoked.
/// </summary>
public sealed partial class TierOverrideTests : LocalHostPageTest
{
    private const string Approver = "program-staff@partnerfunctions.example";

    private static string EndsOn => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task RequestTierOverride_RequesterThenSecondApproverThenRevoke_OwnAnswer403LinkApprovalSetsTierWithBothNamesRevokeOpensGrace()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var asked = await Host.Http.PostAsJsonAsync($"/api/staff/partners/{partnerId}/tier-override", new { tier = "platinum", reason = "Strategic account: board decision of December", endsOn = EndsOn });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var approvalId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approvalId").GetString()!;
        Assert.Equal(("silver", false), await TierAsync(partnerId));

        // Four eyes: the requester's own answer changes nothing.
        using var own = await Host.Http.PostAsJsonAsync($"/api/staff/approvals/{approvalId}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Equal(("silver", false), await TierAsync(partnerId));

        var answered = await AnswerLinkAsync(approvalId);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(("platinum", true), await TierAsync(partnerId));
        var partner = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}");
        var held = partner.GetProperty("tierOverride");
        Assert.Equal(("local-staff", Approver, EndsOn), (held.GetProperty("requestedBy").GetString(), held.GetProperty("approvedBy").GetString(), held.GetProperty("endsOn").GetString()));

        var decision = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}/decisions")).GetProperty("items")[0];
        Assert.Equal(("override", "local-staff + " + Approver), (decision.GetProperty("kind").GetString(), decision.GetProperty("decidedBy").GetString()));
        Assert.StartsWith("Program staff set the tier to Platinum until", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);

        using var revoked = await Host.Http.DeleteAsync($"/api/staff/partners/{partnerId}/tier-override");
        using var again = await Host.Http.DeleteAsync($"/api/staff/partners/{partnerId}/tier-override");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (revoked.StatusCode, again.StatusCode));
        partner = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}");
        Assert.False(partner.TryGetProperty("tierOverride", out _));
        Assert.Equal("platinum", partner.GetProperty("tierState").GetProperty("current").GetString());
        Assert.Equal(JsonValueKind.String, partner.GetProperty("tierState").GetProperty("graceEndsOn").ValueKind);

        var audit = (await Host.Http.GetFromJsonAsync<JsonElement>($"/api/staff/audit/partners/{partnerId}")).GetProperty("items").EnumerateArray()
            .Select(l => (l.GetProperty("action").GetString(), l.GetProperty("actor").GetString())).ToArray();
        Assert.Contains(("RequestTierOverride", "staff:local-staff"), audit);
        Assert.Contains(("AnswerApprovalLink", "approver:" + Approver), audit);
        Assert.Contains(("RevokeTierOverride", "staff:local-staff"), audit);
        Assert.DoesNotContain(audit, l => l.Item1 == "DecideApproval");
    }

    [Fact]
    public async Task RequestTierOverride_BadTierReasonAndEndDate_400NamingEachAndNothingAsked()
    {
        var partnerId = await LocalHostContract.NewPartnerAsync(Host);
        using var badTier = await Host.Http.PostAsJsonAsync($"/api/staff/partners/{partnerId}/tier-override", new { tier = "diamond", reason = "Strategic account: board decision", endsOn = EndsOn });
        using var badFields = await Host.Http.PostAsJsonAsync($"/api/staff/partners/{partnerId}/tier-override", new { tier = "gold", reason = "short", endsOn = "2020-01-01" });
        using var unknown = await Host.Http.PostAsJsonAsync("/api/staff/partners/nobody-here/tier-override", new { tier = "gold", reason = "Strategic account: board decision", endsOn = EndsOn });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.NotFound), (badTier.StatusCode, badFields.StatusCode, unknown.StatusCode));
        Assert.Contains("tier", await badTier.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var fields = await badFields.Content.ReadAsStringAsync();
        Assert.Contains("\"reason\"", fields, StringComparison.Ordinal);
        Assert.Contains("\"endsOn\"", fields, StringComparison.Ordinal);
        var mails = await Host.Http.GetFromJsonAsync<JsonElement>(MailPages.JsonListPath);
        Assert.DoesNotContain(mails.EnumerateArray(), m => m.GetRawText().Contains(partnerId, StringComparison.Ordinal));
        Assert.Equal(("silver", false), await TierAsync(partnerId));
    }

    private async Task<(string Tier, bool Overridden)> TierAsync(string partnerId)
    {
        var partner = await Host.Http.GetFromJsonAsync<JsonElement>($"/api/partners/{partnerId}");
        return (partner.GetProperty("tierState").GetProperty("current").GetString()!, partner.TryGetProperty("tierOverride", out _));
    }

    // The staff approver's email of the request, its link's confirmation page, and its approve button pressed.
    private async Task<HttpResponseMessage> AnswerLinkAsync(string approvalId)
    {
        string? link = null;
        for (var until = DateTime.UtcNow.AddMinutes(1); link is null && DateTime.UtcNow < until; await Task.Delay(100))
        {
            var mails = await Host.Http.GetFromJsonAsync<JsonElement>(MailPages.JsonListPath);
            link = mails.EnumerateArray().SelectMany(m => m.GetProperty("links").EnumerateArray()).Select(l => l.GetString()!)
                .FirstOrDefault(l => l.Contains("/approvals/" + approvalId, StringComparison.Ordinal));
        }

        Assert.NotNull(link);
        var url = new Uri(WebUtility.HtmlDecode(link));
        using var anonymous = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        var page = await anonymous.GetStringAsync(url.PathAndQuery);
        Assert.Contains("Approve a tier override (second approver)", page, StringComparison.Ordinal);
        var fields = HiddenInput().Matches(page).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
        var button = ApproveButton().Match(page);
        Assert.True(button.Success, page);
        fields.Add(new(button.Groups["name"].Value, button.Groups["value"].Value));
        using var form = new FormUrlEncodedContent(fields);
        return await anonymous.PostAsync(url.AbsolutePath, form);
    }

    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*name=""(?<name>[^""]*)""[^>]*value=""(?<value>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();

    [GeneratedRegex(@"<button[^>]*name=""(?<name>[^""]*)""[^>]*value=""(?<value>approve[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ApproveButton();
}
