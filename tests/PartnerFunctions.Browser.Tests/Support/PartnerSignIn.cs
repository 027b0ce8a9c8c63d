using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>A French partner registered by staff with an API key, and its sign-in with that key in a tab.</summary>
public static class PartnerSignIn
{
    /// <summary>Registers the partner (French, Registered) and issues its key, through the staff API.</summary>
    public static async Task<string> NewFrenchPartnerWithKeyAsync(BrowserHost host, string partnerId, string name)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var put = await host.Staff.PutAsJsonAsync($"/api/partners/{partnerId}", new { name, country = "FR", language = "fr", email = $"contact@{partnerId}.browser.example", legacySpecializations = Array.Empty<string>(), legacyTier = "registered" });
        put.EnsureSuccessStatusCode();
        using var issued = await host.Staff.PostAsJsonAsync($"/api/staff/partners/{partnerId}/credentials", new { label = "browser test" });
        issued.EnsureSuccessStatusCode();
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Signs in on the sign-in page with the key; the tab ends on the partner's "My program".</summary>
    public static async Task WithKeyAsync(BrowserTab tab, BrowserHost host, string key)
    {
        ArgumentNullException.ThrowIfNull(tab);
        ArgumentNullException.ThrowIfNull(host);
        await tab.GotoAsync(host.BaseUrl + "/sign-in", "sign-in");
        await tab.Page.GetByLabel("Partner API key").FillAsync(key);
        await tab.SubmitAsync(tab.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the key" }), "program");
    }
}
