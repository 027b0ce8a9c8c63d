using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.LocalHost.Tests.Contract;

/// <summary>A local host with a local staff key and the default definition active, for calls over real HTTP.</summary>
internal static class LocalHostContract
{
    public const string StaffKey = "contract-staff-key-0123456789abcdef0123456789abcdef";

    public static async Task<LocalHostInstance> StartAsync(AzuriteFixture azurite, string store)
    {
        var host = await LocalHostInstance.StartAsync(azurite, store, new Dictionary<string, string?>
        {
            ["Access:LocalStaffKey"] = StaffKey,
            ["LocalHost:EnableDemoData"] = "false",
            ["LocalHost:CaptureMail"] = "true",
        });
        host.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffKey);
        host.Http.Timeout = TimeSpan.FromMinutes(3);
        var definitions = host.Services.GetRequiredService<IProgramDefinitionRepository>();
        var definition = ProgramDefinitionLoader.LoadDefault();
        await definitions.StoreVersionAsync(definition, "test", DateTimeOffset.UtcNow);
        var active = await definitions.GetActiveAsync();
        await definitions.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "test", DateTimeOffset.UtcNow);
        return host;
    }

    public static async Task<string> NewPartnerAsync(LocalHostInstance host)
    {
        var id = "p-" + Guid.NewGuid().ToString("N")[..10];
        using var body = new StringContent("""{"name":"Acme","country":"FR","language":"fr","email":"contact@acme.example","legacySpecializations":[],"legacyTier":"silver"}""", Encoding.UTF8, "application/json");
        using var put = await host.Http.PutAsync($"/api/partners/{id}", body);
        Assert.Equal(201, (int)put.StatusCode);
        return id;
    }
}
