using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Infra;

/// <summary>infra/hooks/postprovision.sh, run as azd runs it (outputs as environment variables).</summary>
public sealed class PostProvisionHookTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pf-hook-").FullName;

    private string Target => Path.Combine(_folder, "local.settings.json");

    [Fact]
    public async Task Hook_WithProvisionedOutputs_WritesSettingsTheAppAcceptsAtStartUp()
    {
        await RunHookAsync();

        var values = Values();
        using var provider = AppComposition.Build(values);
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("https://stpartners.blob.core.windows.net/", values["AzureWebJobsStorage__blobServiceUri"]);
        Assert.False(values.ContainsKey("AzureWebJobsStorage__credential"));
        Assert.Equal("http://127.0.0.1:3030", values["SendGrid__BaseUrl"]);
        Assert.Equal("local", values["Storage__TablePrefix"]);
        Assert.Equal("staff@yourcompany.example", values["Workflows__StaffApproverEmail"]);
    }

    [Fact]
    public async Task Hook_WritesEverySettingOfTheSample()
    {
        await RunHookAsync();

        using var sample = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.LocalSettingsSample));
        var sampleKeys = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).Where(k => k != "AzureWebJobsStorage");
        Assert.Empty(sampleKeys.Except(Values().Keys).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Hook_ExistingFile_IsKept()
    {
        await File.WriteAllTextAsync(Target, """{"Values":{"Mine":"1"}}""");

        await RunHookAsync();

        Assert.Equal("""{"Values":{"Mine":"1"}}""", await File.ReadAllTextAsync(Target));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task RunHookAsync()
    {
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "infra", "hooks", "postprovision.sh"));
        start.Environment["LOCAL_SETTINGS_PATH"] = Target;
        start.Environment["AZURE_STORAGE_BLOB_ENDPOINT"] = "https://stpartners.blob.core.windows.net/";
        start.Environment["AZURE_STORAGE_QUEUE_ENDPOINT"] = "https://stpartners.queue.core.windows.net/";
        start.Environment["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://stpartners.table.core.windows.net/";
        start.Environment["STAFF_APPROVER_EMAIL"] = "staff@yourcompany.example";
        start.Environment["ESCALATION_APPROVER_EMAIL"] = "lead@yourcompany.example";
        start.Environment["SENDGRID_FROM_EMAIL"] = "partners@yourcompany.example";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"postprovision.sh exited {process.ExitCode}: {await output}{await error}");
    }

    private Dictionary<string, string?> Values() => AppComposition.ReadValues(Target);
}
