using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PartnerFunctions.Domain.Demo;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// Pins every figure the evaluator produces for the benchmark's kind of partner (and for varied partners) to a digest
/// taken before the evaluator was tuned for speed: a faster evaluator must give exactly the same results, decimal
/// scales included. Should the rules themselves change, the digest is taken again on purpose.
/// </summary>
public sealed class EvaluationDigestTests
{
    [Theory]
    [InlineData(5, 12, 3, "2026-10-01", "6615525b06e5bfcaf7f5de15e0e0bf4cc667f366a04acf22b23cf929d431da61")]
    [InlineData(5, 12, 3, "2027-02-28", "4e25563d25447c8d84ede4c486a898cf01d62dab54dec3f8462ade14f6282c70")]
    [InlineData(null, null, null, "2026-10-01", "645f2be2b3fd5ff9eef86de983bd03e9eb43e2083f6ea3c3ff0db347789b3ab4")]
    public void Evaluate_GeneratedPartners_GivesThePinnedDigest(int? people, int? revenueLines, int? references, string asOfText, string expected)
    {
        var definition = ProgramDefinitionLoader.LoadDefault();
        var asOf = DateOnly.Parse(asOfText, CultureInfo.InvariantCulture);
        var generator = new DemoPartnerGenerator(
            definition,
            new DemoGenerationOptions(Seed: 20261001, ReferenceDate: new DateOnly(2026, 10, 1), PeoplePerPartner: people, RevenueLinesPerPartner: revenueLines, ReferencesPerPartner: references, IdPrefix: "bench-"));

        var text = new StringBuilder();
        foreach (var evidence in generator.GenerateMany(3_000))
        {
            var evaluation = PartnerEvaluator.Evaluate(definition, evidence, asOf);
            text.Append(CultureInfo.InvariantCulture, $"{evaluation.PartnerId}|{evaluation.Tier}|{evaluation.CompetenciesHeld}|{evaluation.TotalRevenue}|{evaluation.DefinitionVersion}|{evaluation.AsOf:O}");
            foreach (var s in evaluation.Standings)
            {
                text.Append(CultureInfo.InvariantCulture, $";{s.Level},{s.AccreditedPeople},{s.Revenue},{s.ValidatedReferences},{s.SatisfactionSum},{s.SatisfactionCount},{s.AverageSatisfaction}");
            }

            text.Append('\n');
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        Assert.Equal(expected, digest);
    }
}
