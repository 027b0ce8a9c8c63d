using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
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

    /// <summary>
    /// Principal's people and revenue in a competency of the default definition (2 accredited people, 50,000 EUR last
    /// month), through the API: with one reference awaiting review a certification can reach Principal.
    /// </summary>
    public static async Task AddPrincipalPeopleAndRevenueAsync(LocalHostInstance host, string partnerId, string competencyId)
    {
        ArgumentNullException.ThrowIfNull(host);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var person in new[] { "pp1", "pp2" })
        {
            using var put = await host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/people/{person}", new
            {
                name = "Camille " + person,
                employedFrom = "2020-01-01",
                accreditations = new[] { new { competencyId, completedOn = today.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } },
            });
            Assert.True(put.IsSuccessStatusCode, $"person {person}: {(int)put.StatusCode}");
        }

        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        using var revenue = await host.Http.PutAsJsonAsync($"/api/partners/{partnerId}/revenue/pr1", new { competencyId, period = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture), amount = 50_000m, currency = "EUR" });
        Assert.True(revenue.IsSuccessStatusCode, $"revenue: {(int)revenue.StatusCode}");
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
