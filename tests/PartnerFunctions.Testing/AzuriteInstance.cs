using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PartnerFunctions.Testing;

/// <summary>
/// A real Azurite (the Azure Storage emulator) started from the repository's npm dependency
/// (node_modules/.bin/azurite, installed by <c>npm ci</c>) on free loopback ports, with in-memory persistence.
/// One instance serves a whole test run (<see cref="GetSharedAsync"/>); it is stopped when the test process exits, and a
/// watchdog stops it too if the test process dies without cleaning up.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    /// <summary>The well-known development account of the emulator.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known (public) key of the emulator's development account.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static TimeSpan StartTimeout => TimeSpan.FromSeconds(60);
    private static readonly SemaphoreSlim SharedLock = new(1, 1);
    private static AzuriteInstance? _shared;

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _workingDirectory;

    private AzuriteInstance(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _workingDirectory = process.StartInfo.WorkingDirectory;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    /// <summary>What the emulator printed so far (errors only: it runs with --silent).</summary>
    public string Output => Snapshot(_output);

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>A connection string to this instance (what AzureWebJobsStorage holds locally).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    /// <summary>The instance shared by every test of this process, started on first use.</summary>
    public static async Task<AzuriteInstance> GetSharedAsync()
    {
        if (_shared is { } running)
        {
            return running;
        }

        await SharedLock.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var started = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Stop();
                _shared = started;
            }

            return _shared;
        }
        finally
        {
            SharedLock.Release();
        }
    }

    /// <summary>Starts a new instance (prefer <see cref="GetSharedAsync"/>; dispose what you start).</summary>
    public static async Task<AzuriteInstance> StartAsync()
    {
        var azurite = FindAzuriteScript();
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A free port can be taken between finding and binding it; try again with new ones.
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            try
            {
                return await LaunchAsync(azurite, blob, queue, table);
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
            }
        }

        throw new InvalidOperationException("Azurite did not start.", last);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort: a temporary folder.
        }
    }

    private static async Task<AzuriteInstance> LaunchAsync(string azuriteScript, int blobPort, int queuePort, int tablePort)
    {
        // node runs a small watchdog that starts Azurite and kills it when this test process is gone, so an aborted
        // test run never leaves an emulator behind.
        var watchdog =
            "const {spawn}=require('child_process');" +
            "const [,script,parent,...args]=process.argv;" +
            "const child=spawn(process.execPath,[script,...args],{stdio:'inherit'});" +
            "const stop=()=>{try{child.kill('SIGKILL')}catch{}process.exit(0)};" +
            "child.on('exit',c=>process.exit(c??1));process.on('SIGTERM',stop);process.on('SIGINT',stop);" +
            "setInterval(()=>{try{process.kill(Number(parent),0)}catch{stop()}},500);";
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateTempSubdirectory("azurite-").FullName,
        };
        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(watchdog);
        info.ArgumentList.Add(azuriteScript);
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", Invariant(blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Invariant(queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Invariant(tablePort),
        })
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException("Could not run 'node' to start Azurite: install Node.js (and run 'npm ci' at the repository root).", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new AzuriteInstance(process, output, blobPort, queuePort, tablePort);
        var deadline = Stopwatch.StartNew();
        while (!(await AcceptsAsync(blobPort) && await AcceptsAsync(queuePort) && await AcceptsAsync(tablePort)))
        {
            if (process.HasExited || deadline.Elapsed > StartTimeout)
            {
                var text = Snapshot(output);
                instance.Stop();
                throw new InvalidOperationException($"Azurite did not start on ports {blobPort}/{queuePort}/{tablePort} within {StartTimeout.TotalSeconds:0} s. Output:\n{text}");
            }

            await Task.Delay(100);
        }

        return instance;
    }

    /// <summary>node_modules/azurite/dist/src/azurite.js of the nearest folder above the tests that holds package.json.</summary>
    private static string FindAzuriteScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "package.json")))
            {
                continue;
            }

            var bin = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(script))
            {
                return script;
            }

            if (File.Exists(bin))
            {
                return bin;
            }

            throw new InvalidOperationException($"Azurite is not installed in {dir.FullName}: run 'npm ci' there first (package.json pins azurite).");
        }

        throw new InvalidOperationException($"No package.json above {AppContext.BaseDirectory}: run the tests from the repository (and 'npm ci' at its root).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
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
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
