using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>Base of the HTTP function tests: the app's services on the shared Azurite, tables of this class's own.</summary>
public abstract class ApiTestBase(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private ApiContext? _api;

    protected AzuriteFixture Azurite { get; } = azurite;

    protected ApiContext Api => _api ?? throw new InvalidOperationException("Not initialized.");

    public virtual async Task InitializeAsync() => _api = await ApiContext.CreateAsync(Azurite, Azurite.Prefix);

    public virtual async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    /// <summary>An id no other test uses.</summary>
    protected static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Calls a function with a request built on <paramref name="api"/> and returns what a client would see.</summary>
    protected static async Task<ApiResponse> CallAsync(
        ApiContext api,
        Func<HttpRequest, Task<IActionResult>> function,
        string method,
        string path,
        string? body = null,
        string? contentType = "application/json",
        IDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(function);
        var request = api.Request(method, path, body, contentType, headers);
        return await ApiContext.ExecuteAsync(request, await function(request));
    }

    /// <inheritdoc cref="CallAsync(ApiContext, Func{HttpRequest, Task{IActionResult}}, string, string, string?, string?, IDictionary{string, string}?)"/>
    protected Task<ApiResponse> CallAsync(
        Func<HttpRequest, Task<IActionResult>> function,
        string method,
        string path,
        string? body = null,
        string? contentType = "application/json",
        IDictionary<string, string>? headers = null) =>
        CallAsync(Api, function, method, path, body, contentType, headers);

    protected static string PartnerJson(string name = "Acme Sécurité", string country = "FR", string language = "fr", string email = "contact@acme.example", string legacy = "[]", string legacyTier = "silver") =>
        $$"""{"name":"{{name}}","country":"{{country}}","language":"{{language}}","email":"{{email}}","legacySpecializations":{{legacy}},"legacyTier":"{{legacyTier}}"}""";
}
