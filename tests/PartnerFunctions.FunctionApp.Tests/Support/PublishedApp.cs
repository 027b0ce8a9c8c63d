using System.Diagnostics;
using System.Text;

namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>
/// The Functions app published (<c>dotnet publish</c>) to a temporary folder, once per test run: publishing takes
/// tens of seconds, and every test that looks at the output shares it.
/// </summary>
public static class PublishedApp
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);
    private static readonly Lazy<Task<string>> Output = new(PublishAsync);

    /// <summary>The publish folder.</summary>
    public static Task<string> GetAsync() => Output.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "pf-publish-" + Guid.NewGuid().ToString("N")[..8]);
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[] { "publish", RepositoryPaths.FunctionAppProject, "-c", configuration, "-o", output, "--no-restore", "--nologo", "-v", "quiet", "--disable-build-servers" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild/dotnet variables must not leak into the child build.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout}.");
        }

        log.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{log}");
        }

        return output;
    }
}
