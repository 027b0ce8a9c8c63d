using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PartnerFunctions.Benchmarks;

// "--quick": a plain timed loop (seconds, no BenchmarkDotNet); otherwise BenchmarkDotNet pinned to one core.
if (args.Contains("--quick"))
{
    var benchmark = new EvaluatorBenchmark();
    benchmark.Setup();
    foreach (var (name, run) in new (string, Func<int>)[]
    {
        ("EvaluateMany, pages of 500", benchmark.EvaluatePages),
        ("Evaluate, one call per partner", benchmark.EvaluateOneByOne),
        ("Evaluate and read the measured figures", benchmark.EvaluateWithFigures),
        ("EvaluateMany, one page of 500 again and again (evidence in cache; context, not the target's measure)", benchmark.EvaluateCachedPage),
        ("Create the evidence from its lists (paid once at load; not an evaluation)", benchmark.CreateEvidence),
        ("Create the evidence and evaluate it once", benchmark.CreateAndEvaluate),
    })
    {
        for (var warm = 0; warm < 3; warm++)
        {
            run();
        }

        var best = double.MaxValue;
        for (var round = 0; round < 10; round++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {EvaluatorBenchmark.PartnerCount / best:N0} partners per second (one thread, best of 10 x {EvaluatorBenchmark.PartnerCount:N0})"));
    }

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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo}: {1e9 / stats.Mean:N0} partners per second on one core (mean {stats.Mean:N1} ns per partner)"));
    }
}
