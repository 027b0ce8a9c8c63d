using System.Numerics;
using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// The evidence is measured on the stack and the evaluation keeps the decision (levels, tier, total revenue);
    /// the measured figures behind each level are measured again from the same evidence when a receipt or a standing
    /// is asked for (most evaluations of a nightly run or a what-if are never asked), so an evaluation is one small
    /// object.
    /// </remarks>
    [SkipLocalsInit] // the one buffer is cleared explicitly, at the size of the catalog
    public static PartnerEvaluation Evaluate(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);

        var count = definition.Thresholds.Markets.Length;
        Span<CompetencyStanding> standings = stackalloc CompetencyStanding[count];
        standings.Clear();
        var measured = Measure(definition, evidence, asOf, standings, revenueAsDecimals: false);
        return new PartnerEvaluation(definition, evidence, asOf, measured);
    }

    /// <summary>
    /// Evaluates a page of partners, as <see cref="Evaluate"/> does one: <paramref name="evaluations"/>[i] is the
    /// evaluation of <paramref name="partners"/>[i]. Faster than one call per partner because the evidence of the
    /// partners a few places ahead is fetched from memory while the current one is evaluated (see
    /// <see cref="EvidencePrefetch"/>).
    /// </summary>
    public static void EvaluateMany(ProgramDefinition definition, ReadOnlySpan<PartnerEvidence> partners, DateOnly asOf, Span<PartnerEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (evaluations.Length < partners.Length)
        {
            throw new ArgumentException("There must be room for one evaluation per partner.", nameof(evaluations));
        }

        // The evidence object, then its facts object, then the facts' arrays are asked for one partner apart: each
        // arrives before the next one needs its address, and stays cached until its turn.
        var count = partners.Length;
        for (var i = 0; i < count; i++)
        {
            if (i + 3 < count)
            {
                EvidencePrefetch.Evidence(partners[i + 3]);
            }

            if (i + 2 < count)
            {
                EvidencePrefetch.Facts(partners[i + 2]);
            }

            if (i + 1 < count)
            {
                EvidencePrefetch.Arrays(partners[i + 1]);
            }

            evaluations[i] = Evaluate(definition, partners[i], asOf);
        }
    }

    /// <summary>The highest tier whose revenue and competency thresholds both hold for a partner in <paramref name="country"/>.</summary>
    public static Tier TierFor(ProgramDefinition definition, string country, decimal totalRevenue, int competenciesHeld)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.ThresholdsFor(country).Evaluation.TierFor(totalRevenue, competenciesHeld);
    }

    /// <summary>
    /// Measures the evidence into <paramref name="standings"/> (zeroed, one per competency of the catalog) and
    /// decides levels and tier. Each standing's revenue is set only when <paramref name="revenueAsDecimals"/> (or when
    /// an amount needs decimal arithmetic); levels are compared on whole ten-thousandths otherwise.
    /// </summary>
    [SkipLocalsInit] // every buffer is cleared or written explicitly
    internal static Measurement Measure(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf, Span<CompetencyStanding> standings, bool revenueAsDecimals)
    {
        var facts = evidence.Facts;
        var thresholds = definition.ThresholdsFor(evidence.Partner.Country).Evaluation;
        var window = definition.WindowFor(asOf);
        var count = standings.Length;

        // The catalog index of each competency id the partner names (a few per partner), looked up once.
        var ids = facts.CompetencyIds;
        Span<int> catalog = ids.Length <= 16 ? stackalloc int[16] : new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            catalog[i] = definition.IndexOf(ids[i]);
        }

        // Which competencies the evidence touches at all: the others hold what an empty standing holds.
        var touched = CountAccreditedPeople(facts, catalog, asOf.DayNumber, window.EarliestValidCompletion, standings)
            | CountReferences(thresholds, facts.References, catalog, standings);

        Span<long> units = stackalloc long[count];
        Span<byte> scales = stackalloc byte[count];
        units.Clear();
        scales.Clear();
        ulong principal = 0;
        ulong expert = 0;
        var held = 0;
        var currency = EvidenceFacts.PositionOf(facts.Currencies, definition.Currency);

        // Lines in another currency the definition lists are converted, line by line, in decimals.
        var converting = definition.Currencies.Count != 0 && facts.Currencies.Length > (currency >= 0 ? 1 : 0);
        if (!converting && ScaledRevenue.TrySum(facts.Revenue, catalog, currency, window, units, scales, out var totalUnits, out var totalScale, out var withRevenue))
        {
            // Only touched competencies (and those an empty standing already meets) can hold a level: most partners
            // work in a few of the catalog's competencies.
            for (var candidates = touched | withRevenue | thresholds.HeldWithoutEvidence; candidates != 0; candidates &= candidates - 1)
            {
                var i = BitOperations.TrailingZeroCount(candidates);
                ref var standing = ref standings[i];
                if (revenueAsDecimals && (units[i] != 0 || scales[i] != 0))
                {
                    standing.Revenue = ScaledRevenue.ToDecimal(units[i], scales[i]);
                }

                standing.Level = thresholds.LevelOf(i, standing, units[i], scaled: true);
                Record(standing.Level, i, ref principal, ref expert, ref held);
            }

            return new Measurement(ScaledRevenue.ToDecimal(totalUnits, totalScale), held, thresholds.TierFor(totalUnits, held), principal, expert);
        }

        var totalRevenue = SumRevenueAsDecimal(definition, facts, catalog, currency, window, standings, converting);
        for (var i = 0; i < count; i++)
        {
            ref var standing = ref standings[i];
            standing.Level = thresholds.LevelOf(i, standing, 0, scaled: false);
            Record(standing.Level, i, ref principal, ref expert, ref held);
        }

        return new Measurement(totalRevenue, held, thresholds.TierFor(totalRevenue, held), principal, expert);
    }

    // Levels are kept as two sets of catalog indexes (a catalog holds at most 64 competencies, the loader enforces it).
    private static void Record(CompetencyLevel level, int index, ref ulong principal, ref ulong expert, ref int held)
    {
        if (level == CompetencyLevel.None)
        {
            return;
        }

        held++;
        principal |= 1UL << index;
        if (level == CompetencyLevel.Expert)
        {
            expert |= 1UL << index;
        }
    }

    // A person counts once per competency, only while employed, only with an accreditation valid that day
    // (completed on or before it, and the day is not after its expiry; with no expiry given, completed on or after
    // the earliest completion whose default validity still covers the day).
    // Returns the competencies at least one person counts for.
    private static ulong CountAccreditedPeople(EvidenceFacts facts, ReadOnlySpan<int> catalog, int day, int earliestDefaultCompletion, Span<CompetencyStanding> standings)
    {
        ulong counted = 0;
        foreach (ref readonly var person in facts.People.AsSpan())
        {
            if (!person.IsEmployedOn(day))
            {
                continue;
            }

            ulong mask = 0;
            foreach (ref readonly var accreditation in FactSpans.AccreditationsOf(facts, person))
            {
                var completed = accreditation.CompletedOn;
                if (completed > day)
                {
                    continue;
                }

                var valid = accreditation.ExpiresOn != AccreditationFact.DefaultValidity ? day <= accreditation.ExpiresOn : completed >= earliestDefaultCompletion;
                var index = catalog[accreditation.Competency];
                if (valid && index >= 0)
                {
                    mask |= 1UL << index;
                }
            }

            counted |= mask;
            while (mask != 0)
            {
                standings[BitOperations.TrailingZeroCount(mask)].AccreditedPeople++;
                mask &= mask - 1;
            }
        }

        return counted;
    }

    // Revenue counts over the calendar months [month(asOf) - window + 1, month(asOf)], in the program currency or,
    // when converting, in a currency the definition gives a rate for that month (converted at it).
    // The general path: decimal additions of the amounts as given (about 9 ns each, so ScaledRevenue handles the
    // usual amounts).
    private static decimal SumRevenueAsDecimal(ProgramDefinition definition, EvidenceFacts facts, ReadOnlySpan<int> catalog, int currency, EvaluationWindow window, Span<CompetencyStanding> standings, bool converting)
    {
        var lines = facts.Revenue;
        var total = 0m;
        for (var i = 0; i < lines.Length; i++)
        {
            ref readonly var line = ref lines[i];
            if (!ScaledRevenue.InWindow(line, window))
            {
                continue;
            }

            var amount = facts.RevenueLines[i].Amount;
            if (line.Currency != currency)
            {
                if (!converting || definition.FindCurrency(facts.Currencies[line.Currency])?.RateFor(DateOnly.FromDayNumber(line.Period)) is not { } rate)
                {
                    continue;
                }

                amount = CurrencyConversion.Convert(amount, rate);
            }

            total += amount;
            var index = catalog[line.Competency];
            if (index >= 0)
            {
                standings[index].Revenue += amount;
            }
        }

        return total;
    }

    // Only approved references from customers of the competency's own market count. Returns the competencies with one.
    private static ulong CountReferences(EvaluationThresholds thresholds, ReadOnlySpan<ReferenceFact> references, ReadOnlySpan<int> catalog, Span<CompetencyStanding> standings)
    {
        var markets = thresholds.Markets;
        ulong counted = 0;
        foreach (ref readonly var reference in references)
        {
            if (reference.State != ReferenceState.Approved)
            {
                continue;
            }

            var index = catalog[reference.Competency];
            if (index < 0 || markets[index] != reference.CustomerMarket)
            {
                continue;
            }

            ref var standing = ref standings[index];
            standing.ValidatedReferences++;
            counted |= 1UL << index;
            if (reference.Satisfaction is { } score)
            {
                standing.SatisfactionSum += score;
                standing.SatisfactionCount++;
            }
        }

        return counted;
    }
}

/// <summary>What measuring a partner's evidence decided: total revenue, levels (as sets of catalog indexes) and tier.</summary>
internal readonly record struct Measurement(decimal TotalRevenue, int CompetenciesHeld, Tier Tier, ulong PrincipalOrAbove, ulong Expert);
