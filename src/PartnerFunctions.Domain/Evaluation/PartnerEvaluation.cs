using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>The rule a receipt line checks.</summary>
public enum Clause
{
    AccreditedPeople,
    CompetencyRevenue,
    ValidatedReferences,
    Satisfaction,
    TotalRevenue,
    CompetenciesHeld,
}

/// <summary>One line of a receipt: what the rule required, what the evidence showed, and whether it held.</summary>
/// <param name="Actual">The measured value; null for a satisfaction clause with no measured reference (then it holds).</param>
public sealed record ClauseReceipt(Clause Clause, decimal Required, decimal? Actual, bool Met)
{
    /// <summary>How much is missing (0 when met or not measurable).</summary>
    public decimal Shortfall => Met || Actual is null ? 0m : Required - Actual.Value;
}

/// <summary>
/// The measured evidence of one competency for one partner on one day. A compact value: receipts are derived from it
/// and the definition on demand; the evaluator measures into standings on the stack. Only the evaluator sets it (it
/// accumulates in place).
/// </summary>
public record struct CompetencyStanding
{
    public CompetencyStanding(CompetencyLevel level, int accreditedPeople, decimal revenue, int validatedReferences, decimal satisfactionSum, int satisfactionCount)
    {
        Level = level;
        AccreditedPeople = accreditedPeople;
        Revenue = revenue;
        ValidatedReferences = validatedReferences;
        SatisfactionSum = satisfactionSum;
        SatisfactionCount = satisfactionCount;
    }

    // Declared decimals first: the struct packs into 48 bytes (an evaluation's standings are measured on the stack).
    /// <summary>Competency revenue over the window, in the program currency.</summary>
    public decimal Revenue { get; internal set; }

    /// <summary>Sum of the satisfaction scores of those references that measured it.</summary>
    public decimal SatisfactionSum { get; internal set; }

    /// <summary>The level the evidence supports.</summary>
    public CompetencyLevel Level { get; internal set; }

    /// <summary>Unique people employed and validly accredited on the day.</summary>
    public int AccreditedPeople { get; internal set; }

    /// <summary>Approved references from customers of the competency's market.</summary>
    public int ValidatedReferences { get; internal set; }

    /// <summary>How many of those references measured satisfaction.</summary>
    public int SatisfactionCount { get; internal set; }

    /// <summary>Average satisfaction of the validated references that measured it, or null when none did.</summary>
    public readonly decimal? AverageSatisfaction => SatisfactionCount == 0 ? null : SatisfactionSum / SatisfactionCount;
}

/// <summary>The result of evaluating one partner's evidence on one day under one program definition.</summary>
/// <remarks>
/// It keeps the decision: levels (two sets of catalog indexes), tier and total revenue. The measured figures behind the
/// levels (<see cref="Standings"/>, receipts) are measured again from the same evidence on first use: evidence is an
/// immutable snapshot, so they are the figures the decision was taken on.
/// </remarks>
public sealed class PartnerEvaluation
{
    private readonly PartnerEvidence _evidence;
    private readonly ulong _principalOrAbove;
    private readonly ulong _expert;
    private CompetencyStanding[]? _standings;

    internal PartnerEvaluation(ProgramDefinition definition, PartnerEvidence evidence, DateOnly asOf, Measurement measured)
    {
        Definition = definition;
        _evidence = evidence;
        AsOf = asOf;
        TotalRevenue = measured.TotalRevenue;
        CompetenciesHeld = measured.CompetenciesHeld;
        Tier = measured.Tier;
        _principalOrAbove = measured.PrincipalOrAbove;
        _expert = measured.Expert;
    }

    /// <summary>The definition the evaluation used.</summary>
    public ProgramDefinition Definition { get; }

    /// <summary>"id@vN" of the definition used.</summary>
    public string DefinitionVersion => Definition.VersionTag;

    /// <summary>The partner evaluated.</summary>
    public string PartnerId => _evidence.Partner.Id;

    /// <summary>The day the evaluation is for.</summary>
    public DateOnly AsOf { get; }

    /// <summary>Total revenue over the trailing window, in the program currency.</summary>
    public decimal TotalRevenue { get; }

    /// <summary>Competencies held at Principal or above.</summary>
    public int CompetenciesHeld { get; }

    /// <summary>The tier the evidence supports.</summary>
    public Tier Tier { get; }

    /// <summary>The country group whose thresholds the partner met, or null for the default thresholds.</summary>
    public string? CountryGroup => Thresholds.Group?.Id;

    /// <summary>Standings aligned with <see cref="ProgramDefinition.Competencies"/>.</summary>
    public ReadOnlySpan<CompetencyStanding> Standings => MeasuredStandings();

    /// <summary>The level held in the competency at <paramref name="index"/> of the catalog.</summary>
    public CompetencyLevel LevelAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Definition.Competencies.Count);
        var bit = 1UL << index;
        return (_expert & bit) != 0 ? CompetencyLevel.Expert
            : (_principalOrAbove & bit) != 0 ? CompetencyLevel.Principal
            : CompetencyLevel.None;
    }

    /// <summary>The standing of a competency by id.</summary>
    public CompetencyStanding StandingOf(string competencyId) => MeasuredStandings()[IndexOf(competencyId)];

    /// <summary>The level held in a competency by id.</summary>
    public CompetencyLevel LevelOf(string competencyId) => LevelAt(IndexOf(competencyId));

    /// <summary>The clauses of <paramref name="level"/> for the competency at <paramref name="index"/>, checked against the evidence.</summary>
    public IReadOnlyList<ClauseReceipt> ClausesFor(int index, CompetencyLevel level) =>
        CompetencyClauses.Check(Thresholds.Competencies[index].RequirementFor(level), MeasuredStandings()[index]);

    /// <summary>The unmet clauses of the next level (empty at Expert).</summary>
    public IReadOnlyList<ClauseReceipt> GapsToNextLevel(int index)
    {
        var level = LevelAt(index);
        return level == CompetencyLevel.Expert
            ? []
            : ClausesFor(index, level + 1).Where(c => !c.Met).ToArray();
    }

    /// <summary>The clauses of a tier checked against this evaluation.</summary>
    public IReadOnlyList<ClauseReceipt> TierClausesFor(Tier tier)
    {
        var threshold = Thresholds.ThresholdFor(tier);
        return
        [
            new ClauseReceipt(Clause.TotalRevenue, threshold.MinRevenue, TotalRevenue, TotalRevenue >= threshold.MinRevenue),
            new ClauseReceipt(Clause.CompetenciesHeld, threshold.MinCompetencies, CompetenciesHeld, CompetenciesHeld >= threshold.MinCompetencies),
        ];
    }

    /// <summary>The tier this evaluation's revenue gives with <paramref name="competenciesHeld"/> competencies, under the partner's thresholds.</summary>
    public Tier TierWith(int competenciesHeld) => Thresholds.Evaluation.TierFor(TotalRevenue, competenciesHeld);

    /// <summary>
    /// The counted revenue lines entered in another currency, each with the program rate of its month and the amount
    /// it counted for (oldest month first); empty when every counted line is in the program currency.
    /// </summary>
    public IReadOnlyList<RevenueConversion> Conversions()
    {
        if (Definition.Currencies.Count == 0)
        {
            return [];
        }

        var window = Definition.WindowFor(AsOf);
        var conversions = new List<RevenueConversion>();
        foreach (var line in _evidence.Revenue)
        {
            var day = line.Period.DayNumber;
            if (day < window.RevenueFrom || day > window.RevenueTo || string.Equals(line.Currency, Definition.Currency, StringComparison.Ordinal))
            {
                continue;
            }

            if (Definition.FindCurrency(line.Currency)?.RateFor(line.Period) is { } rate)
            {
                conversions.Add(new RevenueConversion(line.Id, line.CompetencyId, line.Period, line.Amount, line.Currency, rate, CurrencyConversion.Convert(line.Amount, rate)));
            }
        }

        return conversions.OrderBy(c => c.Period).ThenBy(c => c.LineId, StringComparer.Ordinal).ToArray();
    }

    /// <summary>The unmet clauses of the next tier (empty at Platinum).</summary>
    public IReadOnlyList<ClauseReceipt> GapsToNextTier() =>
        Tier == Tier.Platinum ? [] : TierClausesFor(Tier + 1).Where(c => !c.Met).ToArray();

    /// <summary>The full, serializable receipt of this evaluation: what a stored decision keeps.</summary>
    public EvaluationReceipt ToReceipt()
    {
        var standings = MeasuredStandings();
        var competencies = new CompetencyReceipt[standings.Length];
        for (var i = 0; i < standings.Length; i++)
        {
            var competency = Definition.Competencies[i];
            var standing = standings[i];
            var shown = standing.Level == CompetencyLevel.None ? CompetencyLevel.Principal : standing.Level;
            competencies[i] = new CompetencyReceipt(
                competency.Id,
                competency.Name,
                competency.Market,
                standing.Level,
                ClausesFor(i, shown),
                standing.Level == CompetencyLevel.Expert ? null : standing.Level + 1,
                GapsToNextLevel(i));
        }

        return new EvaluationReceipt(
            PartnerId,
            AsOf,
            DefinitionVersion,
            Tier,
            TotalRevenue,
            CompetenciesHeld,
            Tier == Tier.Registered ? [] : TierClausesFor(Tier),
            Tier == Tier.Platinum ? null : Tier + 1,
            GapsToNextTier(),
            competencies,
            CountryGroup,
            Conversions());
    }

    private ThresholdSet Thresholds => Definition.ThresholdsFor(_evidence.Partner.Country);

    private int IndexOf(string competencyId)
    {
        var index = Definition.IndexOf(competencyId);
        return index >= 0 ? index : throw new ArgumentException($"Competency '{competencyId}' is not in {DefinitionVersion}.", nameof(competencyId));
    }

    // Measured once, on first use; two threads racing both measure the same figures and one array is kept.
    private CompetencyStanding[] MeasuredStandings()
    {
        if (Volatile.Read(ref _standings) is { } measured)
        {
            return measured;
        }

        var standings = new CompetencyStanding[Definition.Competencies.Count];
        PartnerEvaluator.Measure(Definition, _evidence, AsOf, standings, revenueAsDecimals: true);

        return Interlocked.CompareExchange(ref _standings, standings, null) ?? standings;
    }
}

/// <summary>One competency's part of a receipt.</summary>
/// <param name="Clauses">The clauses of the level held (of Principal when none is held).</param>
public sealed record CompetencyReceipt(
    string CompetencyId,
    string Name,
    Market Market,
    CompetencyLevel Level,
    IReadOnlyList<ClauseReceipt> Clauses,
    CompetencyLevel? NextLevel,
    IReadOnlyList<ClauseReceipt> GapsToNextLevel);

/// <summary>Why a partner holds what it holds on a day, and what it misses for the next step.</summary>
/// <param name="TierClauses">The clauses of the tier held (empty at Registered).</param>
/// <param name="CountryGroup">The country group whose thresholds applied; null for the default thresholds.</param>
/// <param name="Conversions">Counted lines entered in another currency; null or empty when none.</param>
public sealed record EvaluationReceipt(
    string PartnerId,
    DateOnly AsOf,
    string DefinitionVersion,
    Tier Tier,
    decimal TotalRevenue,
    int CompetenciesHeld,
    IReadOnlyList<ClauseReceipt> TierClauses,
    Tier? NextTier,
    IReadOnlyList<ClauseReceipt> GapsToNextTier,
    IReadOnlyList<CompetencyReceipt> Competencies,
    string? CountryGroup = null,
    IReadOnlyList<RevenueConversion>? Conversions = null);

/// <summary>A counted revenue line entered in another currency: the amount entered, the month's program rate, and what it counted for.</summary>
/// <param name="Converted">The amount in the program currency (<see cref="CurrencyConversion.Convert"/>).</param>
public sealed record RevenueConversion(string LineId, string CompetencyId, DateOnly Period, decimal Amount, string Currency, decimal Rate, decimal Converted);

internal static class CompetencyClauses
{
    public static IReadOnlyList<ClauseReceipt> Check(LevelRequirement requirement, CompetencyStanding standing)
    {
        var clauses = new List<ClauseReceipt>(4)
        {
            new(Clause.AccreditedPeople, requirement.MinAccreditedPeople, standing.AccreditedPeople, standing.AccreditedPeople >= requirement.MinAccreditedPeople),
            new(Clause.CompetencyRevenue, requirement.MinRevenue, standing.Revenue, standing.Revenue >= requirement.MinRevenue),
            new(Clause.ValidatedReferences, requirement.MinValidatedReferences, standing.ValidatedReferences, standing.ValidatedReferences >= requirement.MinValidatedReferences),
        };
        if (requirement.MinSatisfaction is { } minimum)
        {
            clauses.Add(new(Clause.Satisfaction, minimum, standing.AverageSatisfaction, SatisfactionMet(requirement, standing)));
        }

        return clauses;
    }

    // "Where measured": with no scored reference the clause holds. Compared as sum >= min * count so that an
    // average exactly at the threshold is never lost to rounding.
    public static bool SatisfactionMet(LevelRequirement requirement, in CompetencyStanding standing) =>
        requirement.MinSatisfaction is not { } minimum
        || standing.SatisfactionCount == 0
        || standing.SatisfactionSum >= minimum * standing.SatisfactionCount;
}
