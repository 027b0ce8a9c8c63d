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

    /// <summary>How the product evaluates: a page of partners at a time (the nightly run's default page size).</summary>
    public const int PageSize = 500;

    private readonly PartnerEvaluation[] _page = new PartnerEvaluation[PageSize];

    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "EvaluateMany: pages of 500 partners (12 competencies, 5 people, 12 revenue lines, 3 references)")]
    public int EvaluatePages()
    {
        var held = 0;
        for (var start = 0; start < _partners.Length; start += PageSize)
        {
            var page = _partners.AsSpan(start, Math.Min(PageSize, _partners.Length - start));
            PartnerEvaluator.EvaluateMany(_definition, page, _asOf, _page);
            for (var i = 0; i < page.Length; i++)
            {
                held += _page[i].CompetenciesHeld;
            }
        }

        return held;
    }

    /// <summary>
    /// Not the target's measure, printed for context: the first page of 500 partners evaluated 200 times, so its
    /// evidence stays in cache, as it is right after a run reads the page from storage.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "EvaluateMany: one page of 500 partners again and again (evidence in cache, as just read from storage)")]
    public int EvaluateCachedPage()
    {
        var held = 0;
        var page = _partners.AsSpan(0, PageSize);
        for (var round = 0; round < PartnerCount / PageSize; round++)
        {
            PartnerEvaluator.EvaluateMany(_definition, page, _asOf, _page);
            held += _page[round].CompetenciesHeld;
        }

        return held;
    }

    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "Evaluate: one call per partner")]
    public int EvaluateOneByOne()
    {
        var held = 0;
        foreach (var partner in _partners)
        {
            held += PartnerEvaluator.Evaluate(_definition, partner, _asOf).CompetenciesHeld;
        }

        return held;
    }

    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "Evaluate and read every competency's measured figures (what a receipt needs)")]
    public int EvaluateWithFigures()
    {
        var people = 0;
        foreach (var partner in _partners)
        {
            foreach (var standing in PartnerEvaluator.Evaluate(_definition, partner, _asOf).Standings)
            {
                people += standing.AccreditedPeople;
            }
        }

        return people;
    }

    /// <summary>
    /// Not an evaluation: what creating evidence costs (copying the lists given and laying out the facts the
    /// evaluator reads), paid once when a partner's evidence is loaded, whatever it is then evaluated for.
    /// </summary>
    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "Create the evidence from its lists (copies and facts; paid once at load, not per evaluation)")]
    public int CreateEvidence()
    {
        var lines = 0;
        foreach (var partner in _partners)
        {
            lines += new PartnerEvidence(partner.Partner, partner.People, partner.Revenue, partner.References).Revenue.Count;
        }

        return lines;
    }

    /// <summary>Creating each partner's evidence and evaluating it once: the cost when evidence is loaded only to be evaluated.</summary>
    [Benchmark(OperationsPerInvoke = PartnerCount, Description = "Create the evidence and evaluate it once")]
    public int CreateAndEvaluate()
    {
        var held = 0;
        foreach (var partner in _partners)
        {
            var evidence = new PartnerEvidence(partner.Partner, partner.People, partner.Revenue, partner.References);
            held += PartnerEvaluator.Evaluate(_definition, evidence, _asOf).CompetenciesHeld;
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
