using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using PartnerFunctions.Domain.Evaluation;

namespace PartnerFunctions.Domain.Program;

/// <summary>The customer typology a competency serves; references count only from customers of that market.</summary>
public enum Market
{
    Enterprise,
    Midmarket,
    SmallBusiness,
}

/// <summary>Competency levels in ascending order; <see cref="None"/> means not held.</summary>
public enum CompetencyLevel
{
    None = 0,
    Principal = 1,
    Expert = 2,
}

/// <summary>Partner tiers in ascending order.</summary>
public enum Tier
{
    Registered = 0,
    Silver = 1,
    Gold = 2,
    Platinum = 3,
}

/// <summary>What happens when the evidence no longer supports the current tier.</summary>
public enum DowngradeMode
{
    /// <summary>A grace period opens; the downgrade applies at its end only if the evidence still falls short.</summary>
    GracePeriod,

    /// <summary>Program staff decide (by email approval).</summary>
    StaffDecision,
}

/// <summary>Thresholds of one competency level. Every clause must hold.</summary>
/// <param name="MinAccreditedPeople">Unique people employed by the partner holding a valid accreditation for the competency.</param>
/// <param name="MinRevenue">Competency revenue over the trailing window, in the program currency.</param>
/// <param name="MinValidatedReferences">Approved references from customers of the competency's market.</param>
/// <param name="MinSatisfaction">Average satisfaction (0-5) of those references, where measured; null when not required.</param>
public sealed record LevelRequirement(
    int MinAccreditedPeople,
    decimal MinRevenue,
    int MinValidatedReferences,
    decimal? MinSatisfaction);

/// <summary>A competency of the catalog with the legacy technical specializations folded into it.</summary>
public sealed record Competency(
    string Id,
    string Name,
    Market Market,
    IReadOnlyList<string> LegacySpecializations,
    LevelRequirement Principal,
    LevelRequirement Expert)
{
    /// <summary>The requirement of a level (Principal or Expert).</summary>
    public LevelRequirement RequirementFor(CompetencyLevel level) => level switch
    {
        CompetencyLevel.Principal => Principal,
        CompetencyLevel.Expert => Expert,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Only Principal and Expert have requirements."),
    };
}

/// <summary>A tier's thresholds: total revenue over the trailing window and competencies held (at any level).</summary>
public sealed record TierThreshold(Tier Tier, decimal MinRevenue, int MinCompetencies);

/// <summary>A legacy market specialization that ends at rollout, with the note partners holding it receive.</summary>
/// <param name="Note">What partners holding it are told (the definition's words, in English).</param>
/// <param name="NoteFr">The same in French, for French partners; null when the definition gives none (the English note is sent).</param>
public sealed record RetiredSpecialization(string Id, string Note, string? NoteFr = null);

/// <summary>How downgrades are handled.</summary>
public sealed record DowngradePolicy(DowngradeMode Mode, int GracePeriodDays);

/// <summary>
/// A versioned, validated program definition: the rules as data. Build it with <see cref="ProgramDefinitionLoader"/>,
/// which validates everything; instances are immutable.
/// </summary>
public sealed class ProgramDefinition
{
    private readonly CompetencyIdIndex _competencyIndex;
    private readonly FrozenDictionary<string, int[]> _legacyToCompetencies;
    private readonly FrozenDictionary<string, RetiredSpecialization> _retired;
    private readonly ThresholdSet _defaultThresholds;
    private readonly FrozenDictionary<string, ThresholdSet> _thresholdsByCountry;
    private readonly FrozenDictionary<string, ProgramCurrency> _currencies;
    private volatile EvaluationWindow? _lastWindow;

    internal ProgramDefinition(
        string id,
        int version,
        string? description,
        DateOnly effectiveDate,
        string currency,
        int revenueWindowMonths,
        int accreditationValidityMonths,
        IReadOnlyList<int> accreditationReminderDays,
        IReadOnlyList<int> migrationReminderDays,
        int legacyParallelRunMonths,
        DowngradePolicy downgrade,
        IReadOnlyList<TierThreshold> tiers,
        IReadOnlyList<Competency> competencies,
        IReadOnlyList<RetiredSpecialization> retiredSpecializations,
        IReadOnlyList<CountryGroup> countryGroups,
        IReadOnlyList<ProgramCurrency> currencies,
        UnresolvedDuplicatePolicy unresolvedDuplicates = UnresolvedDuplicatePolicy.Count)
    {
        UnresolvedDuplicates = unresolvedDuplicates;
        Id = id;
        Version = version;
        Description = description;
        EffectiveDate = effectiveDate;
        Currency = currency;
        RevenueWindowMonths = revenueWindowMonths;
        AccreditationValidityMonths = accreditationValidityMonths;
        AccreditationReminderDays = accreditationReminderDays;
        MigrationReminderDays = migrationReminderDays;
        LegacyParallelRunMonths = legacyParallelRunMonths;
        Downgrade = downgrade;
        Tiers = tiers.OrderBy(t => t.Tier).ToArray();
        var catalog = competencies.ToArray();
        Competencies = catalog;
        RetiredSpecializations = retiredSpecializations;

        _competencyIndex = new CompetencyIdIndex(catalog.Select(c => c.Id).ToArray());
        _legacyToCompetencies = competencies
            .SelectMany((c, i) => c.LegacySpecializations.Select(l => (Legacy: l, Index: i)))
            .GroupBy(x => x.Legacy, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Index).ToArray(), StringComparer.Ordinal);
        _retired = retiredSpecializations.ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
        CountryGroups = countryGroups;
        Currencies = currencies;
        _defaultThresholds = new ThresholdSet(null, catalog, Tiers);
        _thresholdsByCountry = countryGroups
            .Select(g => new ThresholdSet(g, catalog, Tiers))
            .SelectMany(set => set.Group!.Countries.Select(country => (country, set)))
            .ToFrozenDictionary(x => x.country, x => x.set, StringComparer.Ordinal);
        _currencies = currencies.ToFrozenDictionary(c => c.Code, StringComparer.Ordinal);
    }

    /// <summary>The program's id, e.g. "partner-program-2026".</summary>
    public string Id { get; }

    /// <summary>The version number within the id; each stored change gets a new one.</summary>
    public int Version { get; }

    /// <summary>What changed in this version, for program staff.</summary>
    public string? Description { get; }

    /// <summary>"id@vN": what every decision records.</summary>
    public string VersionTag => FormattableString.Invariant($"{Id}@v{Version}");

    /// <summary>The day the program takes effect (rollout).</summary>
    public DateOnly EffectiveDate { get; }

    /// <summary>ISO 4217 code; revenue in another currency does not count.</summary>
    public string Currency { get; }

    /// <summary>Revenue counts over this many calendar months ending with the month of the evaluation date.</summary>
    public int RevenueWindowMonths { get; }

    /// <summary>An accreditation without an explicit expiry is valid this many months from completion.</summary>
    public int AccreditationValidityMonths { get; }

    /// <summary>Days before an accreditation expires when reminders go out (e.g. 90, 60, 30).</summary>
    public IReadOnlyList<int> AccreditationReminderDays { get; }

    /// <summary>Days before the effective date when migration reminders go out.</summary>
    public IReadOnlyList<int> MigrationReminderDays { get; }

    /// <summary>The parallel run when a definition does not set one: the legacy status stays readable for a year.</summary>
    public const int DefaultLegacyParallelRunMonths = 12;

    /// <summary>The longest parallel run a definition may set.</summary>
    public const int MaxLegacyParallelRunMonths = 36;

    /// <summary>Months after the effective date during which the legacy tier and specializations stay readable beside the new status.</summary>
    public int LegacyParallelRunMonths { get; }

    /// <summary>The last day of the parallel run; the legacy status is archived (kept, no longer current) after it.</summary>
    public DateOnly LegacyReadableUntil => EffectiveDate.AddMonths(LegacyParallelRunMonths).AddDays(-1);

    /// <summary>What an unresolved duplicate reference or person does to the partners' evaluations (default: still counts, flagged).</summary>
    public UnresolvedDuplicatePolicy UnresolvedDuplicates { get; }

    /// <summary>How a downgrade is applied.</summary>
    public DowngradePolicy Downgrade { get; }

    /// <summary>Silver, Gold and Platinum thresholds in ascending tier order.</summary>
    public IReadOnlyList<TierThreshold> Tiers { get; }

    /// <summary>The competency catalog; the order is the index used by evaluations.</summary>
    public IReadOnlyList<Competency> Competencies { get; }

    /// <summary>The default thresholds laid out for the evaluator (partners of a country in no group).</summary>
    internal EvaluationThresholds Thresholds => _defaultThresholds.Evaluation;

    /// <summary>Countries with thresholds of their own; every other country meets the default thresholds.</summary>
    public IReadOnlyList<CountryGroup> CountryGroups { get; }

    /// <summary>Currencies revenue may be entered in besides <see cref="Currency"/>, with the program's monthly rates.</summary>
    public IReadOnlyList<ProgramCurrency> Currencies { get; }

    /// <summary>Legacy market specializations that end at rollout.</summary>
    public IReadOnlyList<RetiredSpecialization> RetiredSpecializations { get; }

    /// <summary>The index of a competency in <see cref="Competencies"/>, or -1 when the id is not in the catalog.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(string competencyId) => _competencyIndex.IndexOf(competencyId);

    /// <summary>The competency with that id, or null.</summary>
    public Competency? FindCompetency(string competencyId)
    {
        var index = IndexOf(competencyId);
        return index < 0 ? null : Competencies[index];
    }

    /// <summary>The default threshold of a tier (of partners in no country group).</summary>
    public TierThreshold ThresholdFor(Tier tier) => _defaultThresholds.ThresholdFor(tier);

    /// <summary>The threshold of a tier for a partner in <paramref name="country"/> (its group's, or the default).</summary>
    public TierThreshold ThresholdFor(Tier tier, string country) => ThresholdsFor(country).ThresholdFor(tier);

    /// <summary>The country group of <paramref name="country"/>, or null when it meets the default thresholds.</summary>
    public CountryGroup? GroupFor(string country) => ThresholdsFor(country).Group;

    /// <summary>The catalog with the level figures a partner in <paramref name="country"/> meets (same order as <see cref="Competencies"/>).</summary>
    public IReadOnlyList<Competency> CompetenciesFor(string country) => ThresholdsFor(country).Competencies;

    /// <summary>The tiers with the figures a partner in <paramref name="country"/> meets, ascending.</summary>
    public IReadOnlyList<TierThreshold> TiersFor(string country) => ThresholdsFor(country).Tiers;

    /// <summary>The currency of that code besides the program currency, or null.</summary>
    public ProgramCurrency? FindCurrency(string code) =>
        _currencies.TryGetValue(code, out var currency) ? currency : null;

    /// <summary>
    /// The program rate of <paramref name="currency"/> for the month of <paramref name="period"/>: 1 for the program
    /// currency, null for a currency the definition does not list or a month it gives no rate for.
    /// </summary>
    public decimal? RateFor(string currency, DateOnly period)
    {
        ArgumentNullException.ThrowIfNull(currency);
        if (string.Equals(currency, Currency, StringComparison.Ordinal))
        {
            return 1m;
        }

        return FindCurrency(currency)?.RateFor(period);
    }

    /// <summary>The thresholds a partner in <paramref name="country"/> meets.</summary>
    internal ThresholdSet ThresholdsFor(string country) =>
        _thresholdsByCountry.Count != 0 && country is not null && _thresholdsByCountry.TryGetValue(country, out var set) ? set : _defaultThresholds;

    /// <summary>Indexes of the competencies a legacy technical specialization folds into (empty when none).</summary>
    internal IReadOnlyList<int> CompetenciesForLegacy(string legacySpecialization) =>
        _legacyToCompetencies.TryGetValue(legacySpecialization, out var indexes) ? indexes : [];

    /// <summary>The retired market specialization with that id, or null.</summary>
    public RetiredSpecialization? FindRetired(string legacySpecialization) =>
        _retired.TryGetValue(legacySpecialization, out var retired) ? retired : null;

    /// <summary>
    /// The day numbers the evaluator compares against on <paramref name="asOf"/>. Batch work evaluates thousands of
    /// partners on one day, so the last answer is kept (an immutable object swapped atomically: thread-safe).
    /// </summary>
    internal EvaluationWindow WindowFor(DateOnly asOf)
    {
        var cached = _lastWindow;
        if (cached is not null && cached.AsOf == asOf)
        {
            return cached;
        }

        var window = EvaluationWindow.Create(this, asOf);
        _lastWindow = window;
        return window;
    }

    /// <summary>The last day an accreditation completed on <paramref name="completedOn"/> is valid, absent an explicit expiry.</summary>
    public DateOnly DefaultExpiry(DateOnly completedOn) => completedOn.AddMonths(AccreditationValidityMonths);
}

/// <summary>Day numbers of one evaluation day: the revenue window and the earliest still-valid completion.</summary>
internal sealed record EvaluationWindow(DateOnly AsOf, int RevenueFrom, int RevenueTo, int EarliestValidCompletion)
{
    public static EvaluationWindow Create(ProgramDefinition definition, DateOnly asOf)
    {
        var month = new DateOnly(asOf.Year, asOf.Month, 1);

        // The earliest completion whose default expiry is still on or after asOf. AddMonths clamps month ends, so
        // it is found from asOf minus the validity and adjusted by days rather than assumed symmetric.
        var earliest = asOf.AddMonths(-definition.AccreditationValidityMonths);
        while (definition.DefaultExpiry(earliest.AddDays(-1)) >= asOf)
        {
            earliest = earliest.AddDays(-1);
        }

        while (definition.DefaultExpiry(earliest) < asOf)
        {
            earliest = earliest.AddDays(1);
        }

        // A revenue line is dated by its month; any day of the month counts as that month.
        return new EvaluationWindow(asOf, month.AddMonths(1 - definition.RevenueWindowMonths).DayNumber, month.AddMonths(1).AddDays(-1).DayNumber, earliest.DayNumber);
    }
}
