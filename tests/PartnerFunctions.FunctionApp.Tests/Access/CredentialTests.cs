using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.FunctionApp.Tests.Access;

/// <summary>Partner keys (issue, use, revoke, tamper), staff keys and the App Service principal, with the production access control.</summary>
public sealed class CredentialTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AddPartnerFunctionsApp_Default_EnforcesCredentials()
    {
        await using var api = await ApiContext.CreateAsync(azurite, enforceAccess: true);

        Assert.IsType<CredentialApiAccess>(api.Get<IApiAccess>());
    }

    [Fact]
    public async Task IssuePartnerCredential_HashedStaffKey_Returns201WithKeyOnceAndRecordsTheStaffId()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var partner = await access.NewPartnerAsync();

        var issued = await access.CallAsync(r => AccessFunctions.IssuePartnerCredential(r, partner), "POST", $"/api/staff/partners/{partner}/credentials", """{"label":"ERP"}""", AccessApi.Bearer(AccessApi.HashedStaffKey));
        var list = await access.CallAsync(r => AccessFunctions.ListPartnerCredentials(r, partner), "GET", $"/api/staff/partners/{partner}/credentials", null, AccessApi.Staff);

        Assert.Equal(201, issued.Status);
        Assert.Equal("no-store", issued.Headers.CacheControl.ToString());
        var key = issued.Json.GetProperty("key").GetString()!;
        var credentialId = issued.Json.GetProperty("credentialId").GetString()!;
        Assert.Matches("^pf_[0-9a-f]{24}_[0-9a-f]{64}$", key);
        Assert.StartsWith("pf_" + credentialId + "_", key, StringComparison.Ordinal);
        Assert.Equal(AccessApi.HashedStaffId, issued.Json.GetProperty("issuedBy").GetString());
        Assert.Equal(200, list.Status);
        var listed = Assert.Single(list.Json.GetProperty("credentials").EnumerateArray());
        Assert.Equal(credentialId, listed.GetProperty("credentialId").GetString());
        Assert.Equal("ERP", listed.GetProperty("label").GetString());
        Assert.DoesNotContain(key[^64..], list.Body, StringComparison.Ordinal);
        var stored = await access.Api.Get<PartnerFunctions.Domain.Persistence.IPartnerCredentialRepository>().GetAsync(credentialId);
        Assert.Equal(PartnerApiKeys.Hash(key[^64..]), stored!.SecretHash);
    }

    [Fact]
    public async Task PartnerKey_BearerAndXApiKey_BothServeTheOwnPartner()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var partner = await access.NewPartnerAsync();
        var (key, _) = await access.IssueKeyAsync(partner);

        var bearer = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, AccessApi.Bearer(key));
        var header = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, new Dictionary<string, string> { ["X-Api-Key"] = key });

        Assert.Equal(200, bearer.Status);
        Assert.Equal(200, header.Status);
    }

    [Fact]
    public async Task PartnerKey_Revoked_Returns401AndIsRefusedFromThenOn()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var partner = await access.NewPartnerAsync();
        var (key, credentialId) = await access.IssueKeyAsync(partner);
        var before = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, AccessApi.Bearer(key));

        var revoke = await access.CallAsync(r => AccessFunctions.RevokePartnerCredential(r, partner, credentialId), "DELETE", $"/api/staff/partners/{partner}/credentials/{credentialId}", null, AccessApi.Staff);
        var again = await access.CallAsync(r => AccessFunctions.RevokePartnerCredential(r, partner, credentialId), "DELETE", $"/api/staff/partners/{partner}/credentials/{credentialId}", null, AccessApi.Staff);
        var after = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, AccessApi.Bearer(key));

        Assert.Equal(200, before.Status);
        Assert.Equal(204, revoke.Status);
        Assert.Equal(204, again.Status);
        Assert.Equal(401, after.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", after.Headers.WWWAuthenticate.ToString());
        var stored = await access.Api.Get<PartnerFunctions.Domain.Persistence.IPartnerCredentialRepository>().GetAsync(credentialId);
        Assert.Equal(AccessOptions.LocalStaffId, stored!.RevokedBy);
    }

    [Fact]
    public async Task RevokePartnerCredential_AnotherPartnersCredential_Returns404AndKeepsIt()
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var partnerA = await access.NewPartnerAsync();
        var partnerB = await access.NewPartnerAsync();
        var (keyB, credentialB) = await access.IssueKeyAsync(partnerB);

        var revoke = await access.CallAsync(r => AccessFunctions.RevokePartnerCredential(r, partnerA, credentialB), "DELETE", $"/api/staff/partners/{partnerA}/credentials/{credentialB}", null, AccessApi.Staff);
        var use = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partnerB), "GET", $"/api/partners/{partnerB}", null, AccessApi.Bearer(keyB));

        Assert.Equal(404, revoke.Status);
        Assert.Equal(200, use.Status);
    }

    [Theory]
    [InlineData(10)] // a character of the credential id
    [InlineData(40)] // a character of the secret
    [InlineData(-1)] // the last character of the secret
    public async Task PartnerKey_OneCharacterChanged_Returns401(int position)
    {
        await using var access = await AccessApi.CreateAsync(azurite);
        var partner = await access.NewPartnerAsync();
        var (key, _) = await access.IssueKeyAsync(partner);
        var index = position < 0 ? key.Length + position : position;
        var tampered = string.Concat(key.AsSpan(0, index), key[index] == 'a' ? "b" : "a", key.AsSpan(index + 1));

        var response = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, AccessApi.Bearer(tampered));

        Assert.Equal(401, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("pf_short_secret")]
    [InlineData("")]
    public async Task StaffRoute_UnknownOrMalformedKey_Returns401(string key)
    {
        await using var access = await AccessApi.CreateAsync(azurite);

        var response = await access.CallAsync(r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions", null, AccessApi.Bearer(key));

        Assert.Equal(401, response.Status);
        Assert.StartsWith("Bearer", response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalStaffKey_NotConfigured_IsRefused()
    {
        await using var access = await AccessApi.CreateAsync(azurite, new Dictionary<string, string?> { ["Access:LocalStaffKey"] = string.Empty });

        var local = await access.CallAsync(r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions", null, AccessApi.Staff);
        var hashed = await access.CallAsync(r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions", null, AccessApi.Bearer(AccessApi.HashedStaffKey));

        Assert.Equal(401, local.Status);
        Assert.Equal(200, hashed.Status);
    }

    [Fact]
    public async Task LocalStaffKey_OnAppService_FailsAtStartUp()
    {
        await using var api = await ApiContext.CreateAsync(azurite, extra: AccessApi.Settings(new Dictionary<string, string?> { [AccessOptions.AzureSiteNameSetting] = "pf-app" }), enforceAccess: true);

        var error = Assert.Throws<OptionsValidationException>(() => api.Get<IOptions<AccessOptions>>().Value);

        Assert.Contains("LocalStaffKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffKeyHashes_MalformedEntry_FailsAtStartUp()
    {
        await using var api = await ApiContext.CreateAsync(azurite, extra: AccessApi.Settings(new Dictionary<string, string?> { ["Access:StaffKeyHashes:1"] = "bob:not-a-hash" }), enforceAccess: true);

        var error = Assert.Throws<OptionsValidationException>(() => api.Get<IOptions<AccessOptions>>().Value);

        Assert.Contains("StaffKeyHashes:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientPrincipal_NotTrusted_IsIgnored()
    {
        await using var access = await AccessApi.CreateAsync(azurite);

        var response = await access.CallAsync(r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions", null, Principal("staff-1", "Alice", ["PartnerProgram.Staff"]));

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task ClientPrincipal_TrustedWithStaffRole_ActsAsStaffRecordedByName()
    {
        await using var access = await AccessApi.CreateAsync(azurite, Trusted);
        var partner = await access.NewPartnerAsync();

        var issued = await access.CallAsync(r => AccessFunctions.IssuePartnerCredential(r, partner), "POST", $"/api/staff/partners/{partner}/credentials", null, Principal(Guid.NewGuid().ToString(), "alice@contoso.example", ["PartnerProgram.Staff"]));

        Assert.Equal(201, issued.Status);
        Assert.Equal("alice@contoso.example", issued.Json.GetProperty("issuedBy").GetString());
    }

    [Fact]
    public async Task ClientPrincipal_TrustedAndMapped_ActsAsItsPartnerOnly()
    {
        await using var access = await AccessApi.CreateAsync(azurite, Trusted);
        var partnerA = await access.NewPartnerAsync();
        var partnerB = await access.NewPartnerAsync();
        var objectId = Guid.NewGuid().ToString("D");
        var mapped = await access.CallAsync(r => AccessFunctions.MapPartnerPrincipal(r, partnerA, objectId.ToUpperInvariant()), "PUT", $"/api/staff/partners/{partnerA}/principals/{objectId}", null, AccessApi.Staff);
        var principal = Principal(objectId, "erp@partner-a.example", []);

        var own = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partnerA), "GET", $"/api/partners/{partnerA}", null, principal);
        var other = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partnerB), "GET", $"/api/partners/{partnerB}", null, principal);
        var staff = await access.CallAsync(r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions", null, principal);
        var unmapped = await access.CallAsync(r => AccessFunctions.UnmapPartnerPrincipal(r, partnerA, objectId), "DELETE", $"/api/staff/partners/{partnerA}/principals/{objectId}", null, AccessApi.Staff);
        var afterUnmap = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partnerA), "GET", $"/api/partners/{partnerA}", null, principal);

        Assert.Equal(200, mapped.Status);
        Assert.Equal(200, own.Status);
        Assert.Equal(404, other.Status);
        Assert.Equal(403, staff.Status);
        Assert.Equal(204, unmapped.Status);
        Assert.Equal(403, afterUnmap.Status);
    }

    [Fact]
    public async Task ClientPrincipal_TrustedButMalformed_Returns401()
    {
        await using var access = await AccessApi.CreateAsync(azurite, Trusted);
        var partner = await access.NewPartnerAsync();

        var response = await access.CallAsync(r => PartnersFunctions.GetPartner(r, partner), "GET", $"/api/partners/{partner}", null, new Dictionary<string, string> { [CredentialApiAccess.ClientPrincipalHeader] = "not base64 json" });

        Assert.Equal(401, response.Status);
    }

    private static Dictionary<string, string?> Trusted => new() { ["Access:TrustAppServicePrincipal"] = "true" };

    // What App Service Authentication puts in X-MS-CLIENT-PRINCIPAL for an Entra ID sign-in.
    private static Dictionary<string, string> Principal(string objectId, string name, string[] roles)
    {
        var claims = new List<object>
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = objectId },
            new { typ = "name", val = name },
        };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", claims, name_typ = "name", role_typ = "roles" });
        return new() { [CredentialApiAccess.ClientPrincipalHeader] = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)) };
    }
}
