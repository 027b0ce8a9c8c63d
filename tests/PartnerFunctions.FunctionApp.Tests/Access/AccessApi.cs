using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Access;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>
/// The app composed as Program.cs composes it with access control ON (the production default), a local staff key and
/// a hashed staff key configured, and helpers to call any HTTP function of the app through its [Function] method with
/// a given credential.
/// </summary>
internal sealed class AccessApi : IAsyncDisposable
{
    /// <summary>The plain local staff key (Access:LocalStaffKey), recorded as "local-staff".</summary>
    public const string LocalStaffKey = "local-staff-key-0123456789abcdef0123456789abcdef";

    /// <summary>A staff key configured by its hash only (Access:StaffKeyHashes:0), recorded as <see cref="HashedStaffId"/>.</summary>
    public const string HashedStaffKey = "hashed-staff-key-fedcba9876543210fedcba9876543210";

    public const string HashedStaffId = "alice@program.example";

    private AccessApi(ApiContext api) => Api = api;

    public ApiContext Api { get; }

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Access:LocalStaffKey"] = LocalStaffKey,
            ["Access:StaffKeyHashes:0"] = HashedStaffId + ":" + PartnerApiKeys.Hash(HashedStaffKey),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public static async Task<AccessApi> CreateAsync(AzuriteFixture azurite, IDictionary<string, string?>? extra = null)
    {
        var api = await ApiContext.CreateAsync(azurite, AzuriteFixture.UniquePrefix(), Settings(extra), enforceAccess: true);
        await api.ActivateDefaultDefinitionAsync();
        return new AccessApi(api);
    }

    public static Dictionary<string, string> Bearer(string key) => new() { ["Authorization"] = "Bearer " + key };

    public static Dictionary<string, string> Staff => Bearer(LocalStaffKey);

    /// <summary>Creates a partner (as staff) and returns its id.</summary>
    public async Task<string> NewPartnerAsync(string prefix = "p")
    {
        var id = prefix + "-" + Guid.NewGuid().ToString("N")[..10];
        var body = """{"name":"Acme","country":"FR","language":"fr","email":"contact@acme.example","legacySpecializations":[],"legacyTier":"silver"}""";
        var put = await CallAsync(r => PartnersFunctions.PutPartner(r, id), "PUT", $"/api/partners/{id}", body, Staff);
        Assert.Equal(201, put.Status);
        return id;
    }

    /// <summary>Issues a key for a partner (as staff) and returns the issue response.</summary>
    public async Task<(string Key, string CredentialId)> IssueKeyAsync(string partnerId, IDictionary<string, string>? staff = null)
    {
        var issued = await CallAsync(r => AccessFunctions.IssuePartnerCredential(r, partnerId), "POST", $"/api/staff/partners/{partnerId}/credentials", """{"label":"tests"}""", staff ?? Staff);
        Assert.Equal(201, issued.Status);
        return (issued.Json.GetProperty("key").GetString()!, issued.Json.GetProperty("credentialId").GetString()!);
    }

    /// <summary>Calls a function through a lambda, as the other function tests do.</summary>
    public async Task<ApiResponse> CallAsync(
        Func<HttpRequest, Task<IActionResult>> function,
        string method,
        string path,
        string? body = null,
        IDictionary<string, string>? headers = null,
        string contentType = "application/json")
    {
        var request = Api.Request(method, path, body, contentType, headers);
        return await ApiContext.ExecuteAsync(request, await function(request));
    }

    /// <summary>
    /// Calls an HTTP function found in the catalog through its [Function] method: the request, route values by
    /// parameter name from <paramref name="routeValues"/>, and <paramref name="client"/> for a [DurableClient].
    /// </summary>
    public async Task<ApiResponse> InvokeAsync(
        HttpFunctionInfo function,
        string method,
        IReadOnlyDictionary<string, string> routeValues,
        IDictionary<string, string>? headers,
        DurableTaskClient client)
    {
        var path = "/api/" + string.Join('/', function.Route.Split('/').Select(segment => Fill(segment, routeValues)));
        var body = method is "POST" or "PUT" ? "{}" : null;
        var request = Api.Request(method, path, body, "application/json", headers);
        request.HttpContext.Request.RouteValues = new Microsoft.AspNetCore.Routing.RouteValueDictionary(routeValues.ToDictionary(p => p.Key, p => (object?)p.Value));
        var arguments = function.Method.GetParameters().Select(p => Argument(p, request, routeValues, client)).ToArray();
        var returned = function.Method.Invoke(null, arguments);
        var result = returned switch
        {
            Task<IActionResult> task => await task,
            IActionResult action => action,
            _ => throw new InvalidOperationException($"{function.Name} returned {returned?.GetType().Name ?? "null"}, not an IActionResult."),
        };
        return await ApiContext.ExecuteAsync(request, result);
    }

    public ValueTask DisposeAsync() => Api.DisposeAsync();

    private static object? Argument(ParameterInfo parameter, HttpRequest request, IReadOnlyDictionary<string, string> routeValues, DurableTaskClient client)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return request;
        }

        if (parameter.ParameterType == typeof(DurableTaskClient) || parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return client;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return request.HttpContext.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && routeValues.TryGetValue(parameter.Name!, out var value))
        {
            return value;
        }

        throw new InvalidOperationException($"No value for parameter '{parameter.Name}' ({parameter.ParameterType.Name}) of {parameter.Member.Name}: add it to the route values of the access test.");
    }

    private static string Fill(string segment, IReadOnlyDictionary<string, string> routeValues)
    {
        if (!segment.StartsWith('{'))
        {
            return segment;
        }

        var name = segment.Trim('{', '}', '*', '?').Split(':')[0];
        return Uri.EscapeDataString(routeValues.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"No route value for '{name}'."));
    }
}

/// <summary>What a 401/403/404 problem says, for failure messages.</summary>
internal static class ResponseText
{
    public static string Describe(ApiResponse response) =>
        $"{response.Status} {(response.Body.Length > 300 ? response.Body[..300] : response.Body)}";

    public static JsonElement? TryJson(ApiResponse response)
    {
        try
        {
            return JsonDocument.Parse(Encoding.UTF8.GetBytes(response.Body)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
