using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.FunctionApp.Hosting;

namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>The Functions app's services composed as Program.cs composes them, from a set of app settings.</summary>
internal static class AppComposition
{
    /// <summary>
    /// Builds the app's services from <paramref name="settings"/> (Functions hands "Section__Key" app settings to the
    /// worker as environment variables, which configuration reads as "Section:Key"); <paramref name="validate"/> also
    /// validates scopes and every registration when building.
    /// </summary>
    public static ServiceProvider Build(Dictionary<string, string?> settings, bool validate = false)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPartnerFunctionsApp(configuration);
        return validate
            ? services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true })
            : services.BuildServiceProvider();
    }

    /// <summary>The "Values" of local.settings.sample.json.</summary>
    public static Dictionary<string, string?> SampleSettings() => ReadValues(RepositoryPaths.LocalSettingsSample);

    /// <summary>The "Values" of a local.settings.json-shaped file.</summary>
    public static Dictionary<string, string?> ReadValues(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}
