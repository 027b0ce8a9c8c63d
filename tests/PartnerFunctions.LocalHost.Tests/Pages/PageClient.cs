using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.LocalHost.Tests.Contract;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.LocalHost.Tests.Pages;

/// <summary>A browser-like client of the pages: its own cookies, no automatic redirects, forms posted as a browser posts them.</summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public PageClient(LocalHostInstance host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(_handler) { BaseAddress = new Uri(host.BaseUrl) };
    }

    public HttpClient Http { get; }

    /// <summary>The anti-forgery token of the last page read that had a form.</summary>
    public string? Token { get; private set; }

    /// <summary>GET a page; keeps the form token it carries.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string path)
    {
        var response = await Http.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        if (match.Success)
        {
            Token = match.Groups["token"].Value;
        }

        return (response, html);
    }

    /// <summary>POST a form with <paramref name="fields"/>; <paramref name="token"/> is the anti-forgery field's value (none when null).</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            values.Add(new(PageForms.AntiforgeryField, token));
        }

        using var content = new FormUrlEncodedContent(values);
        var response = await Http.PostAsync(path, content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Signs in as staff with the contract host's local staff key.</summary>
    public async Task SignInStaffAsync()
    {
        await GetAsync("/sign-in");
        var (response, _) = await PostAsync("/sign-in/staff", Token, ("key", LocalHostContract.StaffKey));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        await GetAsync("/staff");
    }

    /// <summary>Signs in as the partner of <paramref name="apiKey"/>.</summary>
    public async Task SignInPartnerAsync(string partnerId, string apiKey)
    {
        await GetAsync("/sign-in");
        var (response, _) = await PostAsync("/sign-in/partner-key", Token, ("key", apiKey));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/partner/" + partnerId, response.Headers.Location?.OriginalString);
        await GetAsync("/partner/" + partnerId);
    }

    /// <summary>A partner with an API key (through the staff API).</summary>
    public static async Task<(string PartnerId, string Key)> NewPartnerWithKeyAsync(LocalHostInstance host, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var id = await LocalHostContract.NewPartnerAsync(host);
        if (name is not null)
        {
            using var rename = await host.Http.PutAsJsonAsync($"/api/partners/{id}", new { name, country = "FR", language = "fr", email = "contact@acme.example", legacySpecializations = Array.Empty<string>(), legacyTier = "silver" });
            Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        }

        using var issued = await host.Http.PostAsJsonAsync($"/api/staff/partners/{id}/credentials", new { label = "page tests" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
        return (id, key);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
