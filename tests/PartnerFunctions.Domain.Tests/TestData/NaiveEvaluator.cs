using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>
/// The program rules written as plainly as possible (LINQ, no bit sets, no precomputed dates): the oracle the
/// optimised <see cref="Domain.Evaluation.PartnerEvaluator"/> is compared with on generated partners.
/// </summary>
internal static class NaiveEvaluator
{
    public static NaiveResult Evaluate(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf)
    {
        var lastMonth = MonthNumber(asOf);
        var firstMonth = lastMonth - definition.RevenueWindowMonths + 1;
        // Lines in the program currency count as entered; lines in a listed currency at their month's rate, in cents.
        var countedRevenue = evidence.Revenue
            .Where(l => MonthNumber(l.Period) >= firstMonth && MonthNumber(l.Period) <= lastMonth)
            .Select(l => l.Currency == definition.Currency ? l : Converted(definition, l))
            .Where(l => l.Currency == definition.Currency)
            .ToArray();
        var group = definition.CountryGroups.FirstOrDefault(g => g.Countries.Contains(evidence.Partner.Country));
        var employed = evidence.People
            .Where(p => p.EmployedFrom <= asOf && (p.EmployedTo is null || asOf <= p.EmployedTo))
            .ToArray();

        var standings = definition.Competencies.Select(c =>
        {
            var people = employed.Count(p => p.Accreditations.Any(a =>
                a.CompetencyId == c.Id
                && a.CompletedOn <= asOf
                && asOf <= (a.ExpiresOn ?? a.CompletedOn.AddMonths(definition.AccreditationValidityMonths))));
            var revenue = countedRevenue.Where(l => l.CompetencyId == c.Id).Sum(l => l.Amount);
            var references = evidence.References
                .Where(r => r.CompetencyId == c.Id && r.State == ReferenceState.Approved && r.CustomerMarket == c.Market)
                .ToArray();
            var scores = references.Where(r => r.Satisfaction is not null).Select(r => r.Satisfaction!.Value).ToArray();
            decimal? average = scores.Length == 0 ? null : scores.Average();

            bool Meets(LevelRequirement requirement) =>
                people >= requirement.MinAccreditedPeople
                && revenue >= requirement.MinRevenue
                && references.Length >= requirement.MinValidatedReferences
                && (requirement.MinSatisfaction is null || average is null || average >= requirement.MinSatisfaction);

            var change = group?.Competencies.FirstOrDefault(o => o.CompetencyId == c.Id);
            var level = Meets(Laid(c.Expert, change?.Expert)) ? CompetencyLevel.Expert
                : Meets(Laid(c.Principal, change?.Principal)) ? CompetencyLevel.Principal
                : CompetencyLevel.None;
            return new NaiveStanding(people, revenue, references.Length, average, level);
        }).ToArray();

        var total = countedRevenue.Sum(l => l.Amount);
        var held = standings.Count(s => s.Level != CompetencyLevel.None);
        var tier = definition.Tiers
            .Select(t => group?.Tiers.FirstOrDefault(o => o.Tier == t.Tier) is { } o
                ? new TierThreshold(t.Tier, o.MinRevenue ?? t.MinRevenue, o.MinCompetencies ?? t.MinCompetencies)
                : t)
            .Where(t => total >= t.MinRevenue && held >= t.MinCompetencies)
            .Select(t => t.Tier)
            .DefaultIfEmpty(Tier.Registered)
            .Max();
        return new NaiveResult(standings, total, held, tier);
    }

    private static int MonthNumber(DateOnly day) => (day.Year * 12) + day.Month;

    private static RevenueLine Converted(ProgramDefinition definition, RevenueLine line)
    {
        var rate = definition.Currencies
            .Where(c => c.Code == line.Currency)
            .SelectMany(c => c.Rates)
            .FirstOrDefault(r => r.Month.Year == line.Period.Year && r.Month.Month == line.Period.Month);
        return rate is null ? line : line with { Amount = Math.Round(line.Amount * rate.Rate, 2, MidpointRounding.AwayFromZero), Currency = definition.Currency };
    }

    private static LevelRequirement Laid(LevelRequirement requirement, LevelRequirementOverride? change) => change is null
        ? requirement
        : new LevelRequirement(
            change.MinAccreditedPeople ?? requirement.MinAccreditedPeople,
            change.MinRevenue ?? requirement.MinRevenue,
            change.MinValidatedReferences ?? requirement.MinValidatedReferences,
            change.MinSatisfaction ?? requirement.MinSatisfaction);
}

internal sealed record NaiveStanding(int AccreditedPeople, decimal Revenue, int ValidatedReferences, decimal? AverageSatisfaction, CompetencyLevel Level);

internal sealed record NaiveResult(IReadOnlyList<NaiveStanding> Standings, decimal TotalRevenue, int CompetenciesHeld, Tier Tier);
