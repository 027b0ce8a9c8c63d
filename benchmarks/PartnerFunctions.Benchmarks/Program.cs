using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PartnerFunctions.Benchmarks;
using PartnerFunctions.Domain.Evaluation;

// "--quick": a plain timed loop (seconds, no BenchmarkDotNet); otherwise BenchmarkDotNet pinned to one core.
if (args.Contains("--quick"))
{
    var (definition, partners, asOf) = EvaluatorWorkload.Create();
    for (var warm = 0; warm < 3; warm++)
    {
        foreach (var p in partners)
        {
            PartnerEvaluator.Evaluate(definition, p, asOf);
        }
    }

    var best = double.MaxValue;
    for (var round = 0; round < 5; round++)
    {
        var watch = Stopwatch.StartNew();
        foreach (var p in partners)
        {
            PartnerEvaluator.Evaluate(definition, p, asOf);
        }

        best = Math.Min(best, watch.Elapsed.TotalSeconds);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Partner evaluations per second (one thread, best of 5 x {partners.Length:N0}): {partners.Length / best:N0}"));
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithAffinity(1)) // one core of the machine
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
var summary = BenchmarkRunner.Run<EvaluatorBenchmark>(config, args);
foreach (var report in summary.Reports)
{
    if (report.ResultStatistics is { } stats)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Partner evaluations per second (one core): {1e9 / stats.Mean:N0} (mean {stats.Mean:N1} ns per partner)"));
    }
}
