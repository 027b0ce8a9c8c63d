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
        var countedRevenue = evidence.Revenue
            .Where(l => l.Currency == definition.Currency && MonthNumber(l.Period) >= firstMonth && MonthNumber(l.Period) <= lastMonth)
            .ToArray();
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

            var level = Meets(c.Expert) ? CompetencyLevel.Expert : Meets(c.Principal) ? CompetencyLevel.Principal : CompetencyLevel.None;
            return new NaiveStanding(people, revenue, references.Length, average, level);
        }).ToArray();

        var total = countedRevenue.Sum(l => l.Amount);
        var held = standings.Count(s => s.Level != CompetencyLevel.None);
        var tier = definition.Tiers
            .Where(t => total >= t.MinRevenue && held >= t.MinCompetencies)
            .Select(t => t.Tier)
            .DefaultIfEmpty(Tier.Registered)
            .Max();
        return new NaiveResult(standings, total, held, tier);
    }

    private static int MonthNumber(DateOnly day) => (day.Year * 12) + day.Month;
}

internal sealed record NaiveStanding(int AccreditedPeople, decimal Revenue, int ValidatedReferences, decimal? AverageSatisfaction, CompetencyLevel Level);

internal sealed record NaiveResult(IReadOnlyList<NaiveStanding> Standings, decimal TotalRevenue, int CompetenciesHeld, Tier Tier);
