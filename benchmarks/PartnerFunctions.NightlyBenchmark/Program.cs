using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.NightlyBenchmark;
using PartnerFunctions.Testing;

// dotnet run -c Release --project benchmarks/PartnerFunctions.NightlyBenchmark -- [--partners N] [--batch P]
var partnerCount = Option(args, "--partners", 10_000);
var partnersPerBatch = Option(args, "--batch", 0);
var total = Stopwatch.StartNew();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Nightly benchmark: {partnerCount:N0} partners, local host over Azurite ({Environment.ProcessorCount} cores)"));

await using var azurite = await AzuriteInstance.StartAsync();
using var counter = new StorageTransactionCounter(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
using var breakdown = new StorageResourceBreakdown(azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
var definition = ProgramDefinitionLoader.LoadDefault();
var now = DateTimeOffset.UtcNow;
var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(42, DateOnly.FromDateTime(now.UtcDateTime)));

// The same partners twice: under the host's prefix and under the floor's, so both do the same work on equal tables.
const string HostPrefix = "bhost";
const string FloorPrefix = "bfloor";
await using var hostStorage = Storage(azurite.ConnectionString, HostPrefix);
await using var floorStorage = Storage(azurite.ConnectionString, FloorPrefix);
var seeding = Stopwatch.StartNew();
var rows = 0L;
foreach (var storage in new[] { hostStorage, floorStorage })
{
    await storage.GetRequiredService<StorageInitializer>().InitializeAsync();
    var repository = storage.GetRequiredService<IProgramDefinitionRepository>();
    await repository.StoreVersionAsync(definition, "benchmark", now);
    await repository.ActivateAsync(definition.Id, definition.Version, (await repository.GetActiveAsync())?.PointerETag, "benchmark", now);
    var partners = storage.GetRequiredService<IPartnerRepository>();
    await Parallel.ForEachAsync(Enumerable.Range(0, partnerCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var evidence = generator.Generate(i);
        Interlocked.Add(ref rows, 1 + evidence.People.Count + evidence.Revenue.Count + evidence.References.Count);
        await partners.UpsertEvidenceAsync(evidence, "benchmark", ct);
    });
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {partnerCount:N0} partners twice (about {rows / 2:N0} evidence rows per copy) in {seeding.Elapsed.TotalSeconds:0.0} s"));

// The local host in this process (so its storage requests are counted here), on its own task hub and a free port.
var port = FreePort();
var baseUrl = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
var taskHub = "benchhub" + Guid.NewGuid().ToString("N")[..6];
var staffKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
var builder = LocalHostApp.CreateBuilder(["--urls", baseUrl]);
var settings = new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["TaskHubName"] = taskHub,
    ["Storage:TablePrefix"] = HostPrefix,
    ["LocalHost:Store"] = "azure",
    ["LocalHost:RunTimer"] = "false",
    ["LocalHost:WorkerId"] = "benchmark",
    ["LocalHost:PublicUrl"] = baseUrl,
    ["Workflows:PublicBaseUrl"] = baseUrl,
    ["Workflows:StaffApproverEmail"] = "program-staff@bench.example",
    ["Workflows:EscalationApproverEmail"] = "program-lead@bench.example",
    ["SendGrid:ApiKey"] = "local-benchmark-key",
    ["SendGrid:FromEmail"] = "partner-program@bench.example",
    ["Access:LocalStaffKey"] = staffKey,
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
};
if (partnersPerBatch > 0)
{
    settings["Workflows:PartnersPerBatch"] = partnersPerBatch.ToString(CultureInfo.InvariantCulture);
}

builder.Configuration.AddInMemoryCollection(settings);
await using var app = await LocalHostApp.BuildAsync(builder);
await app.StartAsync();
using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/"), Timeout = TimeSpan.FromSeconds(100) };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", staffKey);
await WaitHealthyAsync(http);

// (a) + (b): the nightly through the API, timed from the request to the run record's completion; every storage
// request of the process in that window is counted (the engine's queue polling and the status polls included).
counter.Start();
breakdown.Start();
var wall = Stopwatch.StartNew();
using (var start = await http.PostAsync("api/staff/reevaluations", null))
{
    if (start.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"POST staff/reevaluations answered {(int)start.StatusCode}: {await start.Content.ReadAsStringAsync()}");
    }
}

var runId = "reeval-" + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
JsonElement run;
while (true)
{
    await Task.Delay(TimeSpan.FromSeconds(2));
    run = await http.GetFromJsonAsync<JsonElement>($"api/staff/runs/reevaluation/{runId}");
    var status = run.GetProperty("status").GetString();
    if (status is "Completed" or "Failed" or "Cancelled")
    {
        break;
    }
}

wall.Stop();
counter.Stop();
breakdown.Stop();
var perResource = breakdown.PerResource.ToDictionary(StringComparer.Ordinal);
var hostRequests = counter.Counts;
if (run.GetProperty("status").GetString() != "Completed")
{
    throw new InvalidOperationException("The nightly did not complete: " + run);
}

var summary = await http.GetFromJsonAsync<JsonElement>($"api/staff/runs/reevaluation/{runId}/reports/summary.json");
var evaluated = summary.GetProperty("counts").GetProperty("evaluated").GetInt32();
var history = await HistoryStats.ReadAsync(azurite.ConnectionString, taskHub);
await app.StopAsync();

// (c): the floor on the other copy.
counter.Start();
var floorClock = Stopwatch.StartNew();
var floor = await FloorRun.RunAsync(floorStorage.GetRequiredService<IPartnerRepository>(), definition, now, 500);
floorClock.Stop();
counter.Stop();
var floorRequests = counter.Counts;

var ratio = wall.Elapsed / floorClock.Elapsed;
var perPartner = (double)(hostRequests.Blob + hostRequests.Queue + hostRequests.Table) / Math.Max(1, evaluated);
var c = summary.GetProperty("counts");
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Nightly run {runId}: {evaluated:N0} evaluated, {c.GetProperty("decisionsWritten").GetInt32():N0} decisions, {c.GetProperty("emailsSent").GetInt32():N0} tier emails, {c.GetProperty("remindersSent").GetInt32():N0} expiry reminders, {c.GetProperty("failures").GetInt32()} failures"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(a) wall time (POST to completed run):        {wall.Elapsed.TotalSeconds,8:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(b) storage transactions per partner:          {perPartner,8:0.00}  ({hostRequests.Table + hostRequests.Queue + hostRequests.Blob:N0}: table {hostRequests.Table:N0}, queue {hostRequests.Queue:N0}, blob {hostRequests.Blob:N0})"));

// The local mail capture keeps each SendGrid request it accepts (two blobs): a local-only cost SendGrid does not have in Azure.
var captured = c.GetProperty("emailsSent").GetInt32() + c.GetProperty("remindersSent").GetInt32();
var engine = perResource.Where(r => r.Key.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase)).Sum(r => r.Value);
var capture = perResource.Where(r => r.Key.EndsWith("captured-mail", StringComparison.Ordinal)).Sum(r => r.Value);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    without the local mail capture's requests:    {(double)(hostRequests.Table + hostRequests.Queue + hostRequests.Blob - capture) / Math.Max(1, evaluated),8:0.00}  ({captured:N0} emails captured in {capture:N0} blob requests)"));
var product = perResource.Values.Sum() - engine - capture;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    by owner: engine (task hub) {engine / (double)Math.Max(1, evaluated):0.00}, product data {product / (double)Math.Max(1, evaluated):0.00}, mail capture {capture / (double)Math.Max(1, evaluated):0.00} per partner"));
Console.WriteLine("    by resource: " + string.Join(", ", perResource.OrderByDescending(r => r.Value).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value:N0}"))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c) floor (scan + evaluate + write decisions): {floorClock.Elapsed.TotalSeconds,8:0.0} s  ({floor.Partners:N0} partners, {floor.Decisions:N0} decisions, {(double)(floorRequests.Table + floorRequests.Queue + floorRequests.Blob) / Math.Max(1, floor.Partners):0.00} transactions per partner)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(d) ratio wall / floor:                        {ratio,8:0.00}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest orchestration history:                {history.LargestHistoryEvents,8:N0} events ({history.LargestHistoryInstance}; {history.Executions} executions, {history.HistoryRows:N0} history rows)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest activity payload:                     {history.LargestPayloadBytes,8:N0} bytes ({history.LargestPayloadEvent}); spilled to blobs: {history.SpilledPayloads} (largest {history.LargestSpilledBytes:N0} bytes)"));
Console.WriteLine();
var largestPayload = Math.Max(history.LargestPayloadBytes, history.LargestSpilledBytes);
var results = new (string Target, bool Pass)[]
{
    (string.Create(CultureInfo.InvariantCulture, $"ratio <= 1.5 ({ratio:0.00})"), ratio <= 1.5),
    (string.Create(CultureInfo.InvariantCulture, $"<= 2 transactions per partner ({perPartner:0.00})"), perPartner <= 2),
    (string.Create(CultureInfo.InvariantCulture, $"history < 10,000 events ({history.LargestHistoryEvents:N0})"), history.LargestHistoryEvents < 10_000),
    (string.Create(CultureInfo.InvariantCulture, $"payload < 45 KB ({largestPayload:N0} bytes)"), largestPayload < 45 * 1024 && history.SpilledPayloads == 0),
};
foreach (var (target, pass) in results)
{
    Console.WriteLine($"{(pass ? "PASS" : "FAIL")}  {target}");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total benchmark time {total.Elapsed.TotalSeconds:0} s"));
return results.All(r => r.Pass) ? 0 : 1;

static ServiceProvider Storage(string connectionString, string prefix)
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString, ["Storage:TablePrefix"] = prefix })
        .Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddPartnerFunctionsStorage(configuration);
    return services.BuildServiceProvider();
}

static int Option(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitHealthyAsync(HttpClient http)
{
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed < TimeSpan.FromSeconds(120))
    {
        try
        {
            using var response = await http.GetAsync(LocalHostApp.HealthPath.TrimStart('/'));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        await Task.Delay(250);
    }

    throw new TimeoutException("The local host was not healthy within 120 s.");
}
