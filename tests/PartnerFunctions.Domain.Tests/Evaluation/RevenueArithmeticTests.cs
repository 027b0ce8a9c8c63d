using System.Globalization;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Tests.TestData;
using static PartnerFunctions.Domain.Tests.TestData.CompetencyIds;

namespace PartnerFunctions.Domain.Tests.Evaluation;

/// <summary>
/// Revenue sums are exact and equal, scale included, to adding the amounts as decimals — also for amounts outside
/// the evaluator's fast integer path (more than four decimals, very large), which fall back to decimal additions.
/// </summary>
public sealed class RevenueArithmeticTests
{
    public static TheoryData<decimal[]> Amounts => new()
    {
        { [1.5m, 2.25m] },
        { [10m, 0.10m] },
        { [10.00m, 5m] },
        { [0.0001m, 0.0002m] },
        { [5.00m, -5.00m] },
        { [-120.50m, 20.5m] },
        { [0m, 0.00m] },
        { [0.00001m, 1m] },
        { [123456789012.34m, 1m] },
        { [1e20m, 1e20m] },
        { [79_000_000_000_000_000_000_000_000m] },
        { [12_345.678m, 0.0001m, 7m] },

        // In ten-thousandths this is 2^64 + 8,384: a multiplication that wrapped around would count 0.8384.
        { [1_844_674_407_370_956m, 1m] },
        { [-1_844_674_407_370_956m] },
    };

    [Theory]
    [MemberData(nameof(Amounts))]
    public void Evaluate_RevenueAmounts_SumsLikeDecimalAdditionScaleIncluded(decimal[] amounts)
    {
        var builder = new EvidenceBuilder();
        foreach (var amount in amounts)
        {
            builder.WithRevenue(Encryption, amount);
        }

        var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, builder.Build(), builder.AsOf);

        var expected = DecimalSum(amounts);
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), evaluation.StandingOf(Encryption).Revenue.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), evaluation.TotalRevenue.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Evaluate_RandomAmountsAcrossCompetencies_MatchDecimalAdditionPerCompetencyAndInTotal(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var builder = new EvidenceBuilder();
            var perCompetency = new Dictionary<string, List<decimal>>(StringComparer.Ordinal);
            var all = new List<decimal>();
            var lines = random.Next(0, 30);
            for (var i = 0; i < lines; i++)
            {
                var competency = random.Next(5) == 0 ? "not-a-competency" : All[random.Next(All.Count)];
                var amount = RandomAmount(random);
                builder.WithRevenue(competency, amount);
                all.Add(amount);
                if (competency != "not-a-competency")
                {
                    (perCompetency.TryGetValue(competency, out var list) ? list : perCompetency[competency] = []).Add(amount);
                }
            }

            var evaluation = PartnerEvaluator.Evaluate(TestDefinitions.Default, builder.Build(), builder.AsOf);

            Assert.Equal(Text(DecimalSum(all)), Text(evaluation.TotalRevenue));
            foreach (var competency in All)
            {
                var expected = perCompetency.TryGetValue(competency, out var amounts) ? DecimalSum(amounts) : 0m;
                Assert.Equal(Text(expected), Text(evaluation.StandingOf(competency).Revenue));
            }
        }
    }

    private static decimal RandomAmount(Random random)
    {
        var scale = (byte)random.Next(0, 7);
        var magnitude = random.Next(4) switch
        {
            0 => random.NextInt64(0, 100),
            1 => random.NextInt64(0, 10_000_000),
            2 => random.NextInt64(0, 1_000_000_000_000),
            _ => random.NextInt64(0, long.MaxValue),
        };
        var amount = new decimal((int)(uint)magnitude, (int)(uint)((ulong)magnitude >> 32), 0, random.Next(8) == 0, scale);
        return amount;
    }

    private static decimal DecimalSum(IEnumerable<decimal> amounts)
    {
        var sum = 0m;
        foreach (var amount in amounts)
        {
            sum += amount;
        }

        return sum;
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
