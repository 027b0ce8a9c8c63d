using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Hosting;
using PartnerFunctions.FunctionApp.Tests.Support;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.FunctionApp.Tests.Hosting;

/// <summary>
/// Every configuration key the code binds is documented in local.settings.sample.json and set by the Bicep app
/// settings, and neither lists a key nothing reads: a new option cannot ship unset in Azure or undocumented.
/// </summary>
public sealed partial class SettingsCoverageTests
{
    // StorageOptions' connection properties are read from the connection StorageOptions.ConnectionName names
    // (AzureWebJobsStorage), the way the Functions host names them, not from the Storage section.
    private static readonly string[] ConnectionProperties = ["ConnectionString", "TableServiceUri", "BlobServiceUri", "QueueServiceUri", "Credential", "ClientId"];

    // Read outside options classes: the Durable Task hub (host.json), the timer schedule, telemetry.
    private static readonly string[] DirectKeys = ["TaskHubName", "ReevaluationSchedule", FunctionAppServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting];

    // Local runs use a connection string; Azure uses service URIs with the managed identity.
    private static readonly string[] LocalConnectionKeys = ["AzureWebJobsStorage"];
    private static readonly string[] AzureConnectionKeys =
    [
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
    ];

    // Read by the platform, not by our code.
    private static readonly string[] PlatformSampleKeys = ["FUNCTIONS_WORKER_RUNTIME", "AzureWebJobsDisableHomepage"];
    private static readonly string[] PlatformAzureKeys = ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AzureWebJobsDisableHomepage"];

    [Fact]
    public void OptionsKeys_FoundByReflection_IncludeEverySection()
    {
        var keys = BoundKeys();

        Assert.Contains("Workflows__PublicBaseUrl", keys);
        Assert.Contains("SendGrid__ApiKey", keys);
        Assert.Contains("Notifications__SendLease", keys);
        Assert.Contains("Storage__TablePrefix", keys);
        Assert.Contains("Storage__AllowedDocumentContentTypes__0", keys);
        Assert.DoesNotContain("Storage__ConnectionString", keys);
    }

    [Fact]
    public void LocalSettingsSample_ListsEveryBoundKey_AndNothingStale()
    {
        var expected = BoundKeys().Concat(DirectKeys).Concat(LocalConnectionKeys).ToHashSet(StringComparer.Ordinal);
        var sample = Normalized(SampleKeys());

        Assert.Empty(expected.Except(sample).Order(StringComparer.Ordinal));
        Assert.Empty(sample.Except(expected).Except(PlatformSampleKeys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BicepAppSettings_SetEveryBoundKey_AndNothingStale()
    {
        var expected = BoundKeys().Concat(DirectKeys).Concat(AzureConnectionKeys).ToHashSet(StringComparer.Ordinal);
        var bicep = Normalized(BicepAppSettingKeys());

        Assert.Empty(expected.Except(bicep).Order(StringComparer.Ordinal));
        Assert.Empty(bicep.Except(expected).Except(PlatformAzureKeys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void BicepAppSettings_SendGridKey_IsAKeyVaultReference()
    {
        var main = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"));

        Assert.Matches(@"SendGrid__ApiKey: '@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=SendGridApiKey\)'", main);
    }

    /// <summary>Section__Property for every public settable property of every options class (collections as __0).</summary>
    private static HashSet<string> BoundKeys()
    {
        var assemblies = new[] { typeof(StorageOptions).Assembly, typeof(WorkflowOptions).Assembly };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field)
            {
                continue;
            }

            var section = (string)field.GetRawConstantValue()!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (type == typeof(StorageOptions) && ConnectionProperties.Contains(property.Name))
                {
                    continue;
                }

                if (property.SetMethod is { IsPublic: true })
                {
                    keys.Add($"{section}__{property.Name}");
                }
                else if (IsGenericList(property.PropertyType))
                {
                    keys.Add($"{section}__{property.Name}__0");
                }
            }
        }

        return keys;
    }

    // A list is configured as __0, __1, ...: every index stands for the same bound key.
    private static HashSet<string> Normalized(HashSet<string> keys) =>
        keys.Select(k => ListIndex().Replace(k, "__0")).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"__\d+$")]
    private static partial Regex ListIndex();

    private static bool IsGenericList(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>);

    private static HashSet<string> SampleKeys()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.LocalSettingsSample));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Keys of the appSettings object main.bicep passes and of the settings functions.bicep adds.</summary>
    private static HashSet<string> BicepAppSettingKeys()
    {
        var main = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"));
        var module = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "infra", "core", "functions.bicep"));
        var keys = new HashSet<string>(StringComparer.Ordinal);
        keys.UnionWith(KeysOfBlock(main, "appSettings: {"));
        keys.UnionWith(KeysOfBlock(module, "properties: union(appSettings, {"));
        Assert.NotEmpty(keys);
        return keys;
    }

    private static IEnumerable<string> KeysOfBlock(string bicep, string opening)
    {
        var start = bicep.IndexOf(opening, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{opening}' not found in the Bicep.");
        var depth = 0;
        var end = start + opening.Length - 1;
        for (; end < bicep.Length; end++)
        {
            depth += bicep[end] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                break;
            }
        }

        var block = bicep[(start + opening.Length)..end];
        return KeyLine().Matches(block).Select(m => m.Groups[1].Value);
    }

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}
