using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.LocalHost.Demo;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.Testing;

// dotnet run -c Release --project benchmarks/PartnerFunctions.PageBenchmark -- [--partners N] [--runs R] [--no-runs]
// Times every console page and each partner page (read-only), as a signed-in staff member's browser asks for it, on
// the local host over Azurite with N demo partners after a nightly and a migration; prints p50/p95/max and the page's
// weight. Time is measured at the client over loopback (server time plus a loopback round trip): an upper bound of
// the server's time.
var partnerCount = Option(args, "--partners", 10_000);
var runs = Option(args, "--runs", 30);
const double TargetP95Ms = 300;
const int TargetBytes = 150 * 1024;
const string StaffKey = "page-benchmark-staff-key-0123456789abcdef0123456789";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Page benchmark: {partnerCount:N0} partners on Azurite ({Environment.ProcessorCount} cores), {runs} requests per page"));

await using var azurite = await AzuriteInstance.StartAsync();
var baseUrl = $"http://127.0.0.1:{FreePort()}";
var builder = LocalHostApp.CreateBuilder(["--urls", baseUrl]);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["TaskHubName"] = "pagebench",
    ["Storage:TablePrefix"] = "pagebench",
    ["LocalHost:Store"] = "azure",
    ["LocalHost:WorkerId"] = "page-benchmark",
    ["LocalHost:RunTimer"] = "false",
    ["LocalHost:CaptureMail"] = "true",
    ["Access:LocalStaffKey"] = StaffKey,
    ["Workflows:PublicBaseUrl"] = baseUrl,
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
});
builder.Logging.SetMinimumLevel(LogLevel.Warning);
await using var app = await LocalHostApp.BuildAsync(builder);
await app.StartAsync();

var definitions = app.Services.GetRequiredService<IProgramDefinitionRepository>();
var definition = ProgramDefinitionLoader.LoadDefault();
await definitions.StoreVersionAsync(definition, "benchmark", DateTimeOffset.UtcNow);
var active = await definitions.GetActiveAsync();
await definitions.ActivateAsync(definition.Id, definition.Version, active?.PointerETag, "benchmark", DateTimeOffset.UtcNow);

using var api = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(30) };
api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffKey);
var step = Stopwatch.StartNew();
(await api.PostAsync(DemoData.Path + "?partners=" + partnerCount.ToString(CultureInfo.InvariantCulture), null)).EnsureSuccessStatusCode();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {partnerCount:N0} demo partners in {step.Elapsed.TotalSeconds:0.0} s"));

var nightly = await RunAsync(api, "api/staff/reevaluations", "reevaluation", new { });
var migration = await RunAsync(api, "api/staff/migrations", "migration", new { sendEmails = false });

// A second version (Silver at 150,000, one person for Principal) for the diff and a what-if over every partner.
var candidate = JsonNode.Parse(ProgramDefinitionLoader.DefaultJson())!;
candidate["version"] = definition.Version + 1;
candidate["tiers"]![0]!["minRevenue"] = 150_000;
foreach (var competency in candidate["competencies"]!.AsArray())
{
    competency!["levels"]!["principal"]!["minAccreditedPeople"] = 1;
}

await definitions.StoreVersionAsync(ProgramDefinitionLoader.LoadOrThrow(candidate.ToJsonString()), "benchmark", DateTimeOffset.UtcNow);
var whatIf = await RunAsync(api, "api/staff/whatif", "whatif", candidate);

// A staff browser: the sign-in form's token, then the session cookie.
using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
using var browser = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
var signIn = await browser.GetStringAsync("/sign-in");
var token = Regex.Match(signIn, "name=\"__RequestVerificationToken\" value=\"(?<t>[^\"]+)\"").Groups["t"].Value;
using var signedIn = await browser.PostAsync("/sign-in/staff", new FormUrlEncodedContent([new("key", StaffKey), new("__RequestVerificationToken", token)]));
if (signedIn.StatusCode != HttpStatusCode.SeeOther)
{
    throw new InvalidOperationException($"Staff sign-in answered {(int)signedIn.StatusCode}.");
}

var samplePartner = "fr-" + (partnerCount / 2).ToString("D6", CultureInfo.InvariantCulture);
string[] pages =
[
    "/staff",
    "/staff/partners",
    "/staff/partners?q=securite",
    "/staff/partners?tier=gold&country=FR",
    "/partner/" + samplePartner,
    $"/partner/{samplePartner}/evidence",
    $"/partner/{samplePartner}/certifications",
    $"/partner/{samplePartner}/certifications/encryption",
    "/staff/partners/" + samplePartner,
    "/staff/approvals",
    "/staff/runs",
    $"/staff/runs/reevaluation/{nightly}",
    "/staff/migration",
    $"/staff/migration/{migration}?page=3",
    "/staff/imports",
    "/staff/definitions",
    $"/staff/definitions/diff?from={definition.Id}@v{definition.Version}&to={definition.Id}@v{definition.Version + 1}",
    "/staff/whatif",
    $"/staff/whatif/{whatIf}",
    $"/staff/whatif/{whatIf}/cells/silver/registered",
    "/api-reference",
    "/api-reference/partners",
];
Console.WriteLine();
Console.WriteLine($"{"page",-48} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"KB",7}  verdict");
var failed = 0;
foreach (var page in pages)
{
    var times = new List<double>();
    var bytes = 0;
    for (var i = 0; i < runs + 3; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await browser.GetAsync(page);
        var body = await response.Content.ReadAsByteArrayAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{page} answered {(int)response.StatusCode}.");
        }

        bytes = body.Length;
        if (i >= 3)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    var (p50, p95) = (Percentile(times, 0.50), Percentile(times, 0.95));
    var ok = p95 <= TargetP95Ms && bytes <= TargetBytes;
    failed += ok ? 0 : 1;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{page,-48} {p50,8:0.0} {p95,8:0.0} {times[^1],8:0.0} {bytes / 1024.0,7:0.0}  {(ok ? "ok" : "MISSED")}"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Targets: p95 <= {TargetP95Ms} ms and <= {TargetBytes / 1024} KB per page; {pages.Length - failed} of {pages.Length} pages meet them."));
await app.StopAsync();
return 0;

static async Task<string> RunAsync(HttpClient api, string start, string kind, object body)
{
    var watch = Stopwatch.StartNew();
    using var started = await api.PostAsJsonAsync(start, body);
    started.EnsureSuccessStatusCode();
    var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString()!;
    while (true)
    {
        var run = await api.GetFromJsonAsync<JsonElement>($"api/staff/runs/{kind}/{id}");
        var status = run.GetProperty("status").GetString();
        var phase = run.TryGetProperty("phase", out var p) ? p.GetString() : null;
        if (string.Equals(status, "Completed", StringComparison.OrdinalIgnoreCase) || (kind == "migration" && phase is "reporting" or "awaitingReminder" && run.GetProperty("reports").GetArrayLength() > 0))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind} {id}: {status} in {watch.Elapsed.TotalSeconds:0.0} s"));
            return id;
        }

        if (status is "Failed" or "failed" or "Terminated")
        {
            throw new InvalidOperationException($"{kind} {id} ended {status}.");
        }

        await Task.Delay(1000);
    }
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static int Option(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
