using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace PartnerFunctions.EndToEnd.Tests.Support;

/// <summary>
/// The local host (src/PartnerFunctions.LocalHost, its build output) running as a separate process on a loopback port,
/// configured only through environment variables. Killed (SIGKILL, whole tree) on <see cref="KillAsync"/> and on dispose,
/// so a test can crash it and start it again on the same storage and task hub.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    // $0 is "dotnet", "$@" the host's arguments. A background loop kills the host once the test process is gone;
    // the shell waits for the host and exits with its code (so a host that fails to start is seen at once).
    private const string Watchdog =
        "\"$0\" \"$@\" & host=$!; " +
        "(while kill -0 \"$E2E_TEST_PROCESS_ID\" 2>/dev/null; do sleep 1; done; kill -9 $host 2>/dev/null) & watcher=$!; " +
        "wait $host; code=$?; kill $watcher 2>/dev/null; exit $code";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private LocalHostProcess(Process process, StringBuilder output, int port)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The process id (to report, and to kill it with).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host printed (for failure messages).</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 8000 ? text : text[^8000..];
            }
        }
    }

    /// <summary>A free loopback port (the host gets the same one again on restart, so links in emails keep working).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host's main assembly, built with this test project (same configuration).</summary>
    public static string FindHostAssembly()
    {
        var configuration = typeof(LocalHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildConfiguration")?.Value ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "src", "PartnerFunctions.LocalHost");
            if (!Directory.Exists(project))
            {
                continue;
            }

            foreach (var candidate in new[] { configuration, "Release", "Debug" }.Distinct(StringComparer.Ordinal))
            {
                var dll = Path.Combine(project, "bin", candidate, "net10.0", "PartnerFunctions.LocalHost.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }

            throw new InvalidOperationException($"The local host is not built: run 'dotnet build {project}' (looked in bin/{configuration}/net10.0).");
        }

        throw new InvalidOperationException($"No src/PartnerFunctions.LocalHost above {AppContext.BaseDirectory}.");
    }

    /// <summary>Starts the host on <paramref name="port"/> with <paramref name="environment"/> and waits until <paramref name="healthPath"/> answers 200.</summary>
    public static async Task<LocalHostProcess> StartAsync(int port, IReadOnlyDictionary<string, string> environment, string healthPath, CancellationToken cancellationToken = default)
    {
        var dll = FindHostAssembly();
        var info = new ProcessStartInfo(OperatingSystem.IsWindows() ? "dotnet" : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        if (!OperatingSystem.IsWindows())
        {
            // A small shell watchdog runs the host and SIGKILLs it when this test process is gone, so an aborted test
            // run never leaves a host behind. Killing the tree (sh and the host) is still a plain SIGKILL of the host.
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(Watchdog);
            info.ArgumentList.Add("dotnet");
            info.Environment["E2E_TEST_PROCESS_ID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        }

        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new LocalHostProcess(process, output, port);
        try
        {
            await host.WaitHealthyAsync(healthPath, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL of the host and its children: no shutdown code runs, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    private async Task WaitHealthyAsync(string healthPath, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The local host exited with code {_process.ExitCode} before it was healthy. Output:\n{OutputTail}");
            }

            try
            {
                using var response = await client.GetAsync(healthPath.TrimStart('/'), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow start: try again.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The local host was not healthy at {healthPath} within {StartTimeout.TotalSeconds:0} s. Output:\n{OutputTail}");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }
        }
    }
}
