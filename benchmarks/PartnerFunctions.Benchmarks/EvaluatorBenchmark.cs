using BenchmarkDotNet.Attributes;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Benchmarks;

/// <summary>Evaluates 100,000 generated partners against the default definition, on one thread.</summary>
[MemoryDiagnoser]
public class EvaluatorBenchmark
{
    /// <summary>Partners evaluated per benchmark operation.</summary>
    public const int PartnerCount = 100_000;

    private ProgramDefinition _definition = null!;
    private PartnerEvidence[] _partners = null!;
    private DateOnly _asOf;

    [GlobalSetup]
    public void Setup()
    {
        (_definition, _partners, _asOf) = EvaluatorWorkload.Create();
    }

    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "Evaluate one partner (12 competencies, 5 people, 12 revenue lines, 3 references)")]
    public int EvaluatePartners()
    {
        var held = 0;
        foreach (var partner in _partners)
        {
            held += PartnerEvaluator.Evaluate(_definition, partner, _asOf).CompetenciesHeld;
        }

        return held;
    }
}

/// <summary>The benchmark's data: the shape of partner, generated deterministically.</summary>
public static class EvaluatorWorkload
{
    public static (ProgramDefinition Definition, PartnerEvidence[] Partners, DateOnly AsOf) Create()
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var asOf = new DateOnly(2026, 10, 1);
        var generator = new DemoPartnerGenerator(
            definition,
            new DemoGenerationOptions(Seed: 20261001, ReferenceDate: asOf, PeoplePerPartner: 5, RevenueLinesPerPartner: 12, ReferencesPerPartner: 3, IdPrefix: "bench-"));
        return (definition, generator.GenerateMany(EvaluatorBenchmark.PartnerCount).ToArray(), asOf);
    }
}
