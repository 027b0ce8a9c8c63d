using System.Text.Json;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>What `dotnet publish` produces: what the Functions host will load in Azure.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_FunctionsMetadata_ListsExactlyEveryFunctionOfTheAssembly()
    {
        var output = await PublishedApp.GetAsync();
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")));

        var published = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray();
        var declared = FunctionCatalog.Functions(typeof(Program).Assembly).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(declared, published);
    }

    [Fact]
    public async Task Publish_HttpBindings_CarryTheRoutesAndMethodsOfTheAttributes()
    {
        var output = await PublishedApp.GetAsync();
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")));
        var published = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                var methods = binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order(StringComparer.Ordinal);
                published[function.GetProperty("name").GetString()!] = string.Join(',', methods) + " " + binding.GetProperty("route").GetString();
            }
        }

        var declared = FunctionCatalog.HttpFunctions(typeof(Program).Assembly)
            .ToDictionary(f => f.Name, f => string.Join(',', f.Methods) + " " + f.Path, StringComparer.Ordinal);

        Assert.Equal(declared.OrderBy(p => p.Key, StringComparer.Ordinal), published.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Publish_Output_HasTheExtensionsFolderAndHostJsonWithTheTaskHubSetting()
    {
        var output = await PublishedApp.GetAsync();

        Assert.True(Directory.Exists(Path.Combine(output, ".azurefunctions")), ".azurefunctions/ is missing: the WebJobs extensions would not load");
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(output, ".azurefunctions")));
        using var host = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("NonRunningStates", durable.GetProperty("overridableExistingInstanceStates").GetString());
        Assert.False(File.Exists(Path.Combine(output, "local.settings.json")));
    }
}
