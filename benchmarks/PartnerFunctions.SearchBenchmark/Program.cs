using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Infrastructure;
using PartnerFunctions.Infrastructure.Storage;
using PartnerFunctions.Testing;

// dotnet run -c Release --project benchmarks/PartnerFunctions.SearchBenchmark -- [--partners N] [--runs R]
var partnerCount = Option(args, "--partners", 10_000);
var runs = Option(args, "--runs", 40);
var total = Stopwatch.StartNew();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Search benchmark: {partnerCount:N0} partners on Azurite ({Environment.ProcessorCount} cores), {runs} runs per query shape"));

await using var azurite = await AzuriteInstance.StartAsync();
await using var storage = Storage(azurite.ConnectionString, "bsearch");
await storage.GetRequiredService<StorageInitializer>().InitializeAsync();
var partners = storage.GetRequiredService<IPartnerRepository>();
var index = storage.GetRequiredService<IPartnerSearchIndex>();
var definition = ProgramDefinitionLoader.LoadDefault();
var now = DateTimeOffset.UtcNow;
var asOf = DateOnly.FromDateTime(now.UtcDateTime);
var generator = new DemoPartnerGenerator(definition, new DemoGenerationOptions(42, asOf));

// Seeding writes each partner's index entry with it (profile upsert), 16 partners in flight.
var seeding = Stopwatch.StartNew();
await Parallel.ForEachAsync(Enumerable.Range(0, partnerCount), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    await partners.UpsertEvidenceAsync(generator.Generate(i), "benchmark", ct));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Seeded {partnerCount:N0} partners with their index entries in {seeding.Elapsed.TotalSeconds:0.0} s"));

// Every partner evaluated and its decision written as the nightly does (scan pages, 8 in flight): tiers and levels to
// filter on, and the decision path's index writes measured.
var deciding = Stopwatch.StartNew();
var decisions = 0;
await foreach (var page in partners.ScanPartnersAsync(null, 500))
{
    await Parallel.ForEachAsync(page.Partners, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (snapshot, ct) =>
    {
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
        var change = TierChangePolicy.Apply(snapshot.Profile.Status.TierState, evaluation.Tier, asOf, definition.Downgrade);
        var levels = new Dictionary<string, CompetencyLevel>(StringComparer.Ordinal);
        for (var i = 0; i < evaluation.Standings.Length; i++)
        {
            if (evaluation.Standings[i].Level != CompetencyLevel.None)
            {
                levels[definition.Competencies[i].Id] = evaluation.Standings[i].Level;
            }
        }

        var decisionId = "bench:" + snapshot.PartnerId;
        var decision = new TierDecision(decisionId, snapshot.PartnerId, DecisionKind.Evaluation, now, definition.VersionTag, change.From, change.To, change.Kind, change.Why.Code.ToString(), evaluation.ToReceipt(), "bench", "system", change.Why);
        await partners.RecordDecisionAsync(decision, new PartnerStatus(change.State, levels, asOf, definition.VersionTag, decisionId), snapshot.Profile.ETag, ct);
        Interlocked.Increment(ref decisions);
    });
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Decided {decisions:N0} partners (decision + index entry each) in {deciding.Elapsed.TotalSeconds:0.0} s ({decisions / deciding.Elapsed.TotalSeconds:0} partners/s)"));

var indexRows = 0;
var clients = storage.GetRequiredService<StorageClients>();
foreach (var shard in clients.Names.PartnerSearchShards)
{
    await foreach (var _ in clients.Table(shard).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
    {
        indexRows++;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Index: {indexRows:N0} rows ({(double)indexRows / partnerCount:0.0} per partner)"));

// A late page: the no-filter listing walked to page 40 first; the timed request is page 40 from page 39's token.
string? late = null;
for (var p = 1; p < 40; p++)
{
    late = (await index.SearchAsync(new PartnerSearchQuery { ContinuationToken = late })).ContinuationToken;
}

var someId = generator.PartnerId(partnerCount / 3);
var shapes = new (string Name, PartnerSearchQuery Query)[]
{
    ("no filter, first page", new PartnerSearchQuery()),
    ("no filter, page 40", new PartnerSearchQuery { ContinuationToken = late }),
    ("text \"secu\"", new PartnerSearchQuery { Text = "secu" }),
    ("text \"Sécurité\" (no demo name word starts so)", new PartnerSearchQuery { Text = "Sécurité" }),
    ("text two words \"bretagnesecurite sas\"", new PartnerSearchQuery { Text = "bretagnesecurite sas" }),
    ("text id " + someId, new PartnerSearchQuery { Text = someId }),
    ("tier Gold", new PartnerSearchQuery { Tier = Tier.Gold }),
    ("tier Platinum, page size 100", new PartnerSearchQuery { Tier = Tier.Platinum, PageSize = 100 }),
    ("competency " + definition.Competencies[0].Id + " >= Expert", new PartnerSearchQuery { CompetencyId = definition.Competencies[0].Id, MinimumLevel = CompetencyLevel.Expert }),
    ("country FR + legacy specialization", new PartnerSearchQuery { Country = "FR", LegacySpecialization = definition.Competencies[0].LegacySpecializations is [var legacy, ..] ? legacy : "none" }),
    ("text \"secu\" + tier Silver", new PartnerSearchQuery { Text = "secu", Tier = Tier.Silver }),
};

Console.WriteLine();
Console.WriteLine($"{"query shape",-58} {"hits",5} {"more",5} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
foreach (var (name, query) in shapes)
{
    var first = await index.SearchAsync(query);
    var times = new double[runs];
    for (var r = 0; r < runs; r++)
    {
        var watch = Stopwatch.StartNew();
        await index.SearchAsync(query);
        times[r] = watch.Elapsed.TotalMilliseconds;
    }

    Print(name, first.Items.Count, first.ContinuationToken is not null, times);
}

var summaryTimes = new double[Math.Max(5, runs / 4)];
PartnerIndexSummary? summary = null;
for (var r = 0; r < summaryTimes.Length; r++)
{
    var watch = Stopwatch.StartNew();
    summary = await index.SummarizeAsync();
    summaryTimes[r] = watch.Elapsed.TotalMilliseconds;
}

Print("dashboard summary (scan of the index's entry rows)", summary!.Partners, false, summaryTimes);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  by tier: {string.Join(", ", summary.ByTier.Select(t => $"{t.Key} {t.Value}"))}; downgrades pending {summary.DowngradesPending}; competencies held {summary.Competencies.Count}"));

var rebuild = Stopwatch.StartNew();
var rebuilt = await index.RebuildAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rebuild of a consistent index: {rebuilt.Partners:N0} partners read, {rebuilt.Written} written, {rebuilt.Removed} removed in {rebuild.Elapsed.TotalSeconds:0.0} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Total benchmark time {total.Elapsed.TotalSeconds:0} s"));

static void Print(string name, int hits, bool more, double[] times)
{
    Array.Sort(times);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-58} {hits,5} {(more ? "yes" : "no"),5} {Percentile(times, 0.50),8:0.0} {Percentile(times, 0.95),8:0.0} {times[^1],8:0.0}"));
}

static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

static ServiceProvider Storage(string connectionString, string prefix)
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString, ["Storage:TablePrefix"] = prefix })
        .Build();
    var services = new ServiceCollection();
    services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    services.AddPartnerFunctionsStorage(configuration);
    return services.BuildServiceProvider();
}

static int Option(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}
