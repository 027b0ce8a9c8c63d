using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PartnerFunctions.FunctionApp.Functions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Testing;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>
/// The first start in Azure: the app composed as Program.cs composes it, started as a host, on a storage account
/// nobody has touched (a new Azurite, no prefix, no test helper creating tables), serves its first requests.
/// </summary>
public sealed class FirstStartTests
{
    private const string StaffKey = "first-start-staff-key-0123456789abcdef";

    [Fact]
    public async Task StartedHost_BrandNewStorageAccount_ServesFirstStaffAndPartnerRequests()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        using var host = BuildHost(azurite.ConnectionString);
        await host.StartAsync();
        try
        {
            var definitions = await CallAsync(host, r => DefinitionsFunctions.ListDefinitions(r), "GET", "/api/staff/definitions");
            var put = await CallAsync(host, r => PartnersFunctions.PutPartner(r, "p-first"), "PUT", "/api/partners/p-first", """{"name":"Acme","country":"FR","language":"fr","email":"contact@acme.example","legacySpecializations":[],"legacyTier":"silver"}""");
            var get = await CallAsync(host, r => PartnersFunctions.GetPartner(r, "p-first"), "GET", "/api/partners/p-first");

            Assert.Equal(200, definitions.Status);
            Assert.Equal(201, put.Status);
            Assert.Equal(200, get.Status);
            Assert.Equal("Acme", get.Json.GetProperty("name").GetString());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static IHost BuildHost(string connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Storage:TablePrefix"] = string.Empty,
            ["Workflows:StaffApproverEmail"] = "staff@partnerfunctions.example",
            ["Workflows:EscalationApproverEmail"] = "lead@partnerfunctions.example",
            ["Workflows:PublicBaseUrl"] = "http://localhost:7071",
            ["TaskHubName"] = "firststart",
            ["SendGrid:ApiKey"] = "test-key",
            ["SendGrid:FromEmail"] = "program@partnerfunctions.example",
            ["SendGrid:BaseUrl"] = "http://127.0.0.1:9",
            ["Access:LocalStaffKey"] = StaffKey,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddPartnerFunctionsApp(builder.Configuration);
        return builder.Build();
    }

    private static async Task<ApiResponse> CallAsync(IHost host, Func<HttpRequest, Task<IActionResult>> function, string method, string path, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Headers.Authorization = "Bearer " + StaffKey;
        if (body is not null)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        context.Response.Body = new MemoryStream();
        return await ApiContext.ExecuteAsync(context.Request, await function(context.Request));
    }
}
