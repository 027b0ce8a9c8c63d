using System.Globalization;
using System.Net;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>
/// Failed credential checks are throttled per client address: past the limit, every call from that address answers
/// 429 problem+json with Retry-After before any key is checked; other addresses are not affected.
/// </summary>
public sealed class CredentialThrottleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Attacker = "203.0.113.7";
    private const string Neighbour = "198.51.100.20";

    [Fact]
    public async Task WrongKey_MoreFailuresThanTheLimit_Returns429WithRetryAfterFromThatAddressOnly()
    {
        await using var access = await AccessApi.CreateAsync(azurite, new Dictionary<string, string?> { ["RateLimits:CredentialFailurePermitsPerMinute"] = "3" });
        var partner = await access.NewPartnerAsync();
        var (key, _) = await access.IssueKeyAsync(partner);
        var wrong = key[..^1] + (key[^1] == 'a' ? "b" : "a");

        var failures = new List<ApiResponse>();
        for (var i = 0; i < 4; i++)
        {
            failures.Add(await GetPartnerAsync(access, partner, wrong, Attacker));
        }

        var rightKeyFromTheSameAddress = await GetPartnerAsync(access, partner, key, Attacker);
        var rightKeyFromAnotherAddress = await GetPartnerAsync(access, partner, key, Neighbour);
        var wrongKeyFromAnotherAddress = await GetPartnerAsync(access, partner, wrong, Neighbour);

        Assert.Equal([401, 401, 401, 429], failures.Select(f => f.Status));
        var limited = failures[^1];
        Assert.Equal("application/problem+json", limited.ContentType);
        Assert.InRange(int.Parse(limited.Headers.RetryAfter.ToString(), CultureInfo.InvariantCulture), 1, 60);
        Assert.Contains("credential", limited.Json.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(429, rightKeyFromTheSameAddress.Status);
        Assert.Equal(200, rightKeyFromAnotherAddress.Status);
        Assert.Equal(401, wrongKeyFromAnotherAddress.Status);
    }

    [Fact]
    public async Task StaffRoute_WrongStaffKeysPastTheLimit_Returns429()
    {
        await using var access = await AccessApi.CreateAsync(azurite, new Dictionary<string, string?> { ["RateLimits:CredentialFailurePermitsPerMinute"] = "2" });

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var request = access.Api.Request("GET", "/api/staff/definitions", (string?)null, null, AccessApi.Bearer("not-a-staff-key-" + i));
            request.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse(Attacker);
            statuses.Add((await ApiContext.ExecuteAsync(request, await DefinitionsFunctions.ListDefinitions(request))).Status);
        }

        Assert.Equal([401, 401, 429], statuses);
    }

    [Fact]
    public async Task NoCredential_ManyCalls_AreNotCountedAsFailedChecks()
    {
        await using var access = await AccessApi.CreateAsync(azurite, new Dictionary<string, string?> { ["RateLimits:CredentialFailurePermitsPerMinute"] = "1" });
        var partner = await access.NewPartnerAsync();
        var (key, _) = await access.IssueKeyAsync(partner);

        var anonymous = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var request = access.Api.Request("GET", $"/api/partners/{partner}", (string?)null, null);
            request.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse(Attacker);
            anonymous.Add((await ApiContext.ExecuteAsync(request, await PartnersFunctions.GetPartner(request, partner))).Status);
        }

        var withKey = await GetPartnerAsync(access, partner, key, Attacker);

        Assert.Equal([401, 401, 401], anonymous);
        Assert.Equal(200, withKey.Status);
    }

    [Fact]
    public async Task WrongKey_DefaultLimit_TwentyFailuresAMinuteThen429()
    {
        await using var access = await AccessApi.CreateAsync(azurite);

        var statuses = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add((await GetPartnerAsync(access, "p-nobody", "wrong-key-" + i, Attacker)).Status);
        }

        Assert.Equal(Enumerable.Repeat(401, 20).Append(429), statuses);
    }

    private static async Task<ApiResponse> GetPartnerAsync(AccessApi access, string partner, string key, string address)
    {
        var request = access.Api.Request("GET", $"/api/partners/{partner}", (string?)null, null, AccessApi.Bearer(key));
        request.HttpContext.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return await ApiContext.ExecuteAsync(request, await PartnersFunctions.GetPartner(request, partner));
    }
}
