using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled to ARM JSON by the Bicep CLI that scripts/check-infra.sh uses (the NuGet package
/// tools/bicep/Bicep.csproj pins, restored on first use), once per test run.
/// </summary>
public static partial class CompiledTemplate
{
    private static readonly Lazy<Task<JsonObject>> Template = new(CompileAsync);

    /// <summary>The compiled subscription-scope template.</summary>
    public static Task<JsonObject> GetAsync() => Template.Value;

    /// <summary>The resources of a template, whether it lists them (language 1.0) or names them (language 2.0).</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template["resources"] switch
        {
            JsonArray list => list.OfType<JsonObject>(),
            JsonObject named => named.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
    }

    /// <summary>The nested template of the module deployed under <paramref name="deploymentName"/>.</summary>
    public static JsonObject Module(JsonObject template, string deploymentName) =>
        Deployment(template, deploymentName)["properties"]!["template"]!.AsObject();

    /// <summary>The Microsoft.Resources/deployments resource of a module.</summary>
    public static JsonObject Deployment(JsonObject template, string deploymentName) =>
        Resources(template).Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == deploymentName);

    /// <summary>Every resource of one type in a template.</summary>
    public static IEnumerable<JsonObject> OfType(JsonObject template, string type) =>
        Resources(template).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The default value of a template parameter.</summary>
    public static JsonNode? ParameterDefault(JsonObject template, string name) => template["parameters"]?[name]?["defaultValue"];

    private static async Task<JsonObject> CompileAsync()
    {
        var bicep = await BicepCliAsync();
        var (exit, output, error) = await RunAsync(bicep, "build", Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"), "--stdout");
        if (exit != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({exit}):\n{error}");
        }

        return JsonNode.Parse(output)!.AsObject();
    }

    private static async Task<string> BicepCliAsync()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException("tools/bicep pins the linux-x64 Bicep CLI (as CI runs); add the package of this platform to run the template tests here.");
        }

        var project = Path.Combine(RepositoryPaths.Root, "tools", "bicep", "Bicep.csproj");
        var version = PinnedVersion().Match(await File.ReadAllTextAsync(project)) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("No Azure.Bicep.CommandLine.linux-x64 version in " + project);
        var (_, locals, _) = await RunAsync("dotnet", "nuget", "locals", "global-packages", "--list");
        var packages = locals.Trim().Replace("global-packages:", string.Empty, StringComparison.Ordinal).Trim();
        var cli = Path.Combine(packages, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
        if (!File.Exists(cli))
        {
            var (exit, output, error) = await RunAsync("dotnet", "restore", project, "--verbosity", "quiet");
            if (exit != 0 || !File.Exists(cli))
            {
                throw new InvalidOperationException($"Restoring {project} did not bring {cli} ({exit}):\n{output}{error}");
            }
        }

        File.SetUnixFileMode(cli, File.GetUnixFileMode(cli) | UnixFileMode.UserExecute);
        return cli;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild variables must not leak into a child restore.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex("""Azure\.Bicep\.CommandLine\.linux-x64"\s+Version="\[?([0-9.]+)\]?""")]
    private static partial Regex PinnedVersion();
}
