using System.Numerics;
using System.Runtime.InteropServices;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>
/// Evaluates a partner's evidence on a day under a program definition. Pure and allocation-light: the nightly run
/// and what-if evaluate every partner, so this is the hot loop of the product.
/// </summary>
public static class PartnerEvaluator
{
    /// <summary>Evaluates <paramref name="evidence"/> as of <paramref name="asOf"/> (a UTC date).</summary>
    public static PartnerEvaluation Evaluate(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);

        var competencies = definition.CompetencyArray;
        var count = competencies.Length;

        // Evidence is accumulated in place in the standings the evaluation keeps: one allocation for all of them.
        var standings = new CompetencyStanding[count];
        CountAccreditedPeople(definition, evidence.People, asOf, standings);
        var totalRevenue = SumRevenue(definition, evidence.Revenue, asOf, standings);
        CountReferences(definition, evidence.References, standings);

        var held = 0;
        for (var i = 0; i < count; i++)
        {
            ref var standing = ref standings[i];

            // Expert thresholds are never below Principal's (the loader enforces it), so Principal is checked first:
            // most competencies of most partners fail it at once.
            var level = !CompetencyClauses.Meets(competencies[i].Principal, standing) ? CompetencyLevel.None
                : CompetencyClauses.Meets(competencies[i].Expert, standing) ? CompetencyLevel.Expert
                : CompetencyLevel.Principal;
            standing.Level = level;
            if (level != CompetencyLevel.None)
            {
                held++;
            }
        }

        return new PartnerEvaluation(definition, evidence.Partner, asOf, standings, totalRevenue, held, TierFor(definition, totalRevenue, held));
    }

    /// <summary>The highest tier whose revenue and competency thresholds both hold.</summary>
    public static Tier TierFor(ProgramDefinition definition, decimal totalRevenue, int competenciesHeld)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var tiers = definition.Tiers;
        for (var i = tiers.Count - 1; i >= 0; i--)
        {
            if (totalRevenue >= tiers[i].MinRevenue && competenciesHeld >= tiers[i].MinCompetencies)
            {
                return tiers[i].Tier;
            }
        }

        return Tier.Registered;
    }

    // A person counts once per competency, only while employed, only with an accreditation valid that day
    // (completed on or before it, and the day is not after its expiry).
    private static void CountAccreditedPeople(ProgramDefinition definition, IReadOnlyList<Person> people, DateOnly asOf, CompetencyStanding[] standings)
    {
        var day = asOf.DayNumber;
        var earliestDefaultCompletion = definition.WindowFor(asOf).EarliestValidCompletion;
        var staff = Items(people);

        // First only the people's accreditation lists are looked up: these loads do not depend on each other, so the
        // processor fetches them from memory together instead of one after another inside the counting loop below
        // (in batch work a partner's evidence is rarely in cache). The count also skips partners with no accreditation.
        var accreditations = 0;
        foreach (var person in staff)
        {
            accreditations += Items(person.Accreditations).Length;
        }

        if (accreditations == 0)
        {
            return;
        }

        foreach (var person in staff)
        {
            if (!person.IsEmployedOn(asOf))
            {
                continue;
            }

            ulong mask = 0;
            foreach (var accreditation in Items(person.Accreditations))
            {
                var completed = accreditation.CompletedOn.DayNumber;
                if (completed > day)
                {
                    continue;
                }

                var valid = accreditation.ExpiresOn is { } expiresOn ? day <= expiresOn.DayNumber : completed >= earliestDefaultCompletion;
                if (!valid)
                {
                    continue;
                }

                var index = definition.IndexOf(accreditation.CompetencyId);
                if (index >= 0)
                {
                    mask |= 1UL << index;
                }
            }

            while (mask != 0)
            {
                standings[BitOperations.TrailingZeroCount(mask)].AccreditedPeople++;
                mask &= mask - 1;
            }
        }
    }

    // Revenue counts over the calendar months [month(asOf) - window + 1, month(asOf)], in the program currency only.
    private static decimal SumRevenue(ProgramDefinition definition, IReadOnlyList<RevenueLine> lines, DateOnly asOf, CompetencyStanding[] standings)
    {
        var items = Items(lines);
        return ScaledRevenue.TrySum(definition, items, asOf, standings, out var total)
            ? total
            : SumRevenueAsDecimal(definition, items, asOf, standings);
    }

    // The general path: decimal additions (about 9 ns each, so the scaled path above handles the usual amounts).
    private static decimal SumRevenueAsDecimal(ProgramDefinition definition, ReadOnlySpan<RevenueLine> lines, DateOnly asOf, CompetencyStanding[] standings)
    {
        var window = definition.WindowFor(asOf);
        var currency = definition.Currency;
        var total = 0m;
        foreach (ref readonly var line in lines)
        {
            if (!ScaledRevenue.Counts(line, window, currency))
            {
                continue;
            }

            total += line.Amount;
            var index = definition.IndexOf(line.CompetencyId);
            if (index >= 0)
            {
                standings[index].Revenue += line.Amount;
            }
        }

        return total;
    }

    // Only approved references from customers of the competency's own market count.
    private static void CountReferences(
        ProgramDefinition definition,
        IReadOnlyList<CustomerReference> references,
        CompetencyStanding[] standings)
    {
        var competencies = definition.CompetencyArray;
        foreach (var reference in Items(references))
        {
            if (reference.State != ReferenceState.Approved)
            {
                continue;
            }

            var index = definition.IndexOf(reference.CompetencyId);
            if (index < 0 || competencies[index].Market != reference.CustomerMarket)
            {
                continue;
            }

            ref var standing = ref standings[index];
            standing.ValidatedReferences++;
            if (reference.Satisfaction is { } score)
            {
                standing.SatisfactionSum += score;
                standing.SatisfactionCount++;
            }
        }
    }

    // Evidence lists are arrays or lists in practice; iterating them as spans avoids an interface call per item.
    private static ReadOnlySpan<T> Items<T>(IReadOnlyList<T> items) => items switch
    {
        T[] array => array,
        List<T> list => CollectionsMarshal.AsSpan(list),
        _ => items.ToArray(),
    };
}
