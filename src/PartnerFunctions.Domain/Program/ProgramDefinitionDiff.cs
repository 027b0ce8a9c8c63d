using System.Globalization;
using PartnerFunctions.Domain.Evaluation;

namespace PartnerFunctions.Domain.Program;

/// <summary>How an entry of a definition differs between two versions.</summary>
public enum DefinitionChangeKind
{
    /// <summary>Only the newer version has it.</summary>
    Added,

    /// <summary>Only the older version has it.</summary>
    Removed,

    /// <summary>Both have it, with different values.</summary>
    Changed,
}

/// <summary>A program-wide setting of a definition (outside the tier and level thresholds).</summary>
public enum DefinitionSetting
{
    EffectiveDate,
    Currency,
    RevenueWindowMonths,
    AccreditationValidityMonths,
    AccreditationReminderDays,
    MigrationReminderDays,
    LegacyParallelRunMonths,
    DowngradeMode,
    GracePeriodDays,
    UnresolvedDuplicates,

    /// <summary>One country group added, removed or changed (one change per group id).</summary>
    CountryGroup,

    /// <summary>One currency's monthly program rates added, removed or changed (one change per currency).</summary>
    ExchangeRates,
}

/// <summary>
/// One threshold that differs: a tier clause (<see cref="Tier"/> set: <see cref="Clause.TotalRevenue"/> or
/// <see cref="Clause.CompetenciesHeld"/>) or a competency level clause (<see cref="CompetencyId"/> and
/// <see cref="Level"/> set). <see cref="Old"/> or <see cref="New"/> is null where that version does not require the
/// clause (a satisfaction minimum left out, or a tier or competency the version does not have).
/// </summary>
public sealed record ThresholdChange(Tier? Tier, string? CompetencyId, CompetencyLevel? Level, Clause Clause, decimal? Old, decimal? New);

/// <summary>
/// A program-wide setting that differs, its values written invariantly (ISO dates, comma-separated days; a country
/// group or a currency's rates as one line). An empty value means the version does not have it.
/// </summary>
public sealed record SettingChange(DefinitionSetting Setting, string Old, string New);

/// <summary>
/// A competency added, removed, or changed outside its thresholds (name, market, legacy specializations folded in).
/// For a <see cref="DefinitionChangeKind.Changed"/> competency the old and new name and market are both set.
/// </summary>
public sealed record CompetencyChange(
    string CompetencyId,
    DefinitionChangeKind Kind,
    string? OldName,
    string? NewName,
    Market? OldMarket,
    Market? NewMarket,
    IReadOnlyList<string> LegacyAdded,
    IReadOnlyList<string> LegacyRemoved);

/// <summary>A retired market specialization added, removed, or with a changed note.</summary>
public sealed record RetiredSpecializationChange(string Id, DefinitionChangeKind Kind, string? OldNote, string? NewNote);

/// <summary>
/// What differs from one definition version to another (<see cref="ProgramDefinitionDiff.Compare"/>): codes and
/// values only, in a stable order (settings as declared, tiers ascending, competencies in the newer catalog's order
/// then the removed ones, Principal before Expert, clauses as the receipts list them).
/// </summary>
public sealed record ProgramDefinitionChanges(
    string From,
    string To,
    IReadOnlyList<SettingChange> Settings,
    IReadOnlyList<ThresholdChange> Thresholds,
    IReadOnlyList<CompetencyChange> Competencies,
    IReadOnlyList<RetiredSpecializationChange> RetiredSpecializations)
{
    /// <summary>True when the two versions apply the same rules (descriptions aside).</summary>
    public bool IsEmpty => Settings.Count == 0 && Thresholds.Count == 0 && Competencies.Count == 0 && RetiredSpecializations.Count == 0;
}

/// <summary>Compares two program definitions rule by rule. Pure: no I/O, no clock, no text for people.</summary>
public static class ProgramDefinitionDiff
{
    private static readonly Tier[] ThresholdTiers = [Tier.Silver, Tier.Gold, Tier.Platinum];
    private static readonly CompetencyLevel[] Levels = [CompetencyLevel.Principal, CompetencyLevel.Expert];

    /// <summary>What changes when going from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static ProgramDefinitionChanges Compare(ProgramDefinition from, ProgramDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var thresholds = new List<ThresholdChange>();
        foreach (var tier in ThresholdTiers)
        {
            var old = from.Tiers.FirstOrDefault(t => t.Tier == tier);
            var current = to.Tiers.FirstOrDefault(t => t.Tier == tier);
            Add(thresholds, tier, null, null, Clause.TotalRevenue, old?.MinRevenue, current?.MinRevenue);
            Add(thresholds, tier, null, null, Clause.CompetenciesHeld, old?.MinCompetencies, current?.MinCompetencies);
        }

        var competencies = new List<CompetencyChange>();
        var ids = to.Competencies.Select(c => c.Id).Concat(from.Competencies.Select(c => c.Id).Where(id => to.IndexOf(id) < 0));
        foreach (var id in ids)
        {
            var old = from.FindCompetency(id);
            var current = to.FindCompetency(id);
            foreach (var level in Levels)
            {
                var before = old?.RequirementFor(level);
                var after = current?.RequirementFor(level);
                Add(thresholds, null, id, level, Clause.AccreditedPeople, before?.MinAccreditedPeople, after?.MinAccreditedPeople);
                Add(thresholds, null, id, level, Clause.CompetencyRevenue, before?.MinRevenue, after?.MinRevenue);
                Add(thresholds, null, id, level, Clause.ValidatedReferences, before?.MinValidatedReferences, after?.MinValidatedReferences);
                Add(thresholds, null, id, level, Clause.Satisfaction, before?.MinSatisfaction, after?.MinSatisfaction);
            }

            if (CompareCompetency(id, old, current) is { } change)
            {
                competencies.Add(change);
            }
        }

        return new ProgramDefinitionChanges(
            from.VersionTag,
            to.VersionTag,
            CompareSettings(from, to),
            thresholds,
            competencies,
            CompareRetired(from.RetiredSpecializations, to.RetiredSpecializations));
    }

    private static void Add(List<ThresholdChange> changes, Tier? tier, string? competencyId, CompetencyLevel? level, Clause clause, decimal? old, decimal? current)
    {
        if (old != current)
        {
            changes.Add(new ThresholdChange(tier, competencyId, level, clause, old, current));
        }
    }

    private static CompetencyChange? CompareCompetency(string id, Competency? old, Competency? current)
    {
        if (old is null || current is null)
        {
            return new CompetencyChange(
                id,
                old is null ? DefinitionChangeKind.Added : DefinitionChangeKind.Removed,
                old?.Name,
                current?.Name,
                old?.Market,
                current?.Market,
                current?.LegacySpecializations.ToArray() ?? [],
                old?.LegacySpecializations.ToArray() ?? []);
        }

        var added = current.LegacySpecializations.Except(old.LegacySpecializations, StringComparer.Ordinal).ToArray();
        var removed = old.LegacySpecializations.Except(current.LegacySpecializations, StringComparer.Ordinal).ToArray();
        var same = string.Equals(old.Name, current.Name, StringComparison.Ordinal) && old.Market == current.Market && added.Length == 0 && removed.Length == 0;
        return same ? null : new CompetencyChange(id, DefinitionChangeKind.Changed, old.Name, current.Name, old.Market, current.Market, added, removed);
    }

    private static List<SettingChange> CompareSettings(ProgramDefinition from, ProgramDefinition to)
    {
        var changes = new List<SettingChange>();
        void Setting(DefinitionSetting setting, string old, string current)
        {
            if (!string.Equals(old, current, StringComparison.Ordinal))
            {
                changes.Add(new SettingChange(setting, old, current));
            }
        }

        Setting(DefinitionSetting.EffectiveDate, Date(from.EffectiveDate), Date(to.EffectiveDate));
        Setting(DefinitionSetting.Currency, from.Currency, to.Currency);
        Setting(DefinitionSetting.RevenueWindowMonths, Number(from.RevenueWindowMonths), Number(to.RevenueWindowMonths));
        Setting(DefinitionSetting.AccreditationValidityMonths, Number(from.AccreditationValidityMonths), Number(to.AccreditationValidityMonths));
        Setting(DefinitionSetting.AccreditationReminderDays, Days(from.AccreditationReminderDays), Days(to.AccreditationReminderDays));
        Setting(DefinitionSetting.MigrationReminderDays, Days(from.MigrationReminderDays), Days(to.MigrationReminderDays));
        Setting(DefinitionSetting.LegacyParallelRunMonths, Number(from.LegacyParallelRunMonths), Number(to.LegacyParallelRunMonths));
        Setting(DefinitionSetting.DowngradeMode, from.Downgrade.Mode.ToString(), to.Downgrade.Mode.ToString());
        Setting(DefinitionSetting.GracePeriodDays, Number(from.Downgrade.GracePeriodDays), Number(to.Downgrade.GracePeriodDays));
        Setting(DefinitionSetting.UnresolvedDuplicates, UnresolvedDuplicatePolicies.NameOf(from.UnresolvedDuplicates), UnresolvedDuplicatePolicies.NameOf(to.UnresolvedDuplicates));
        foreach (var id in Keys(from.CountryGroups, to.CountryGroups, g => g.Id))
        {
            Setting(DefinitionSetting.CountryGroup, Text(from.CountryGroups, id, g => g.Id, RegionalSettingsText.Group), Text(to.CountryGroups, id, g => g.Id, RegionalSettingsText.Group));
        }

        foreach (var code in Keys(from.Currencies, to.Currencies, c => c.Code))
        {
            Setting(DefinitionSetting.ExchangeRates, Text(from.Currencies, code, c => c.Code, RegionalSettingsText.Rates), Text(to.Currencies, code, c => c.Code, RegionalSettingsText.Rates));
        }

        return changes;
    }

    private static List<RetiredSpecializationChange> CompareRetired(IReadOnlyList<RetiredSpecialization> from, IReadOnlyList<RetiredSpecialization> to)
    {
        var changes = new List<RetiredSpecializationChange>();
        foreach (var current in to)
        {
            var old = from.FirstOrDefault(r => string.Equals(r.Id, current.Id, StringComparison.Ordinal));
            if (old is null)
            {
                changes.Add(new RetiredSpecializationChange(current.Id, DefinitionChangeKind.Added, null, current.Note));
            }
            else if (!string.Equals(old.Note, current.Note, StringComparison.Ordinal))
            {
                changes.Add(new RetiredSpecializationChange(current.Id, DefinitionChangeKind.Changed, old.Note, current.Note));
            }
        }

        foreach (var old in from.Where(r => !to.Any(t => string.Equals(t.Id, r.Id, StringComparison.Ordinal))))
        {
            changes.Add(new RetiredSpecializationChange(old.Id, DefinitionChangeKind.Removed, old.Note, null));
        }

        return changes;
    }

    // The newer version's keys in its order, then the removed ones.
    private static IEnumerable<string> Keys<T>(IReadOnlyList<T> from, IReadOnlyList<T> to, Func<T, string> key) =>
        to.Select(key).Concat(from.Select(key).Where(k => !to.Any(t => key(t) == k)));

    private static string Text<T>(IReadOnlyList<T> items, string key, Func<T, string> keyOf, Func<T, string> text)
        where T : class =>
        items.FirstOrDefault(i => keyOf(i) == key) is { } item ? text(item) : string.Empty;

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // The loader keeps reminder days sorted (descending), so equal sets write equal text.
    private static string Days(IReadOnlyList<int> days) => string.Join(",", days.Select(Number));
}
