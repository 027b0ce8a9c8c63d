using System.Text.Json.Serialization;

namespace PartnerFunctions.Domain.Program;

// The JSON shape of a program definition (docs/program-definition.schema.json). Every member is nullable so the
// validator, not the serializer, reports what is missing, with the path of the member at fault.

/// <summary>The JSON document of a program definition, as stored and as posted by program staff.</summary>
public sealed class ProgramDefinitionDocument
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public string? Id { get; init; }

    public int? Version { get; init; }

    public string? Description { get; init; }

    public string? EffectiveDate { get; init; }

    public string? Currency { get; init; }

    public int? RevenueWindowMonths { get; init; }

    public int? AccreditationValidityMonths { get; init; }

    public IReadOnlyList<int>? AccreditationReminderDays { get; init; }

    public IReadOnlyList<int>? MigrationReminderDays { get; init; }

    /// <summary>Months the legacy status stays readable beside the new one after the effective date (optional, default 12).</summary>
    public int? LegacyParallelRunMonths { get; init; }

    /// <summary>What an unresolved duplicate does: "count" (optional, the default; still counts, flagged).</summary>
    public string? UnresolvedDuplicates { get; init; }

    public DowngradeDocument? Downgrade { get; init; }

    public IReadOnlyList<TierDocument?>? Tiers { get; init; }

    public IReadOnlyList<CompetencyDocument?>? Competencies { get; init; }

    public IReadOnlyList<RetiredSpecializationDocument?>? RetiredSpecializations { get; init; }

    /// <summary>Countries with thresholds of their own (optional; absent means every partner meets the defaults).</summary>
    public IReadOnlyList<CountryGroupDocument?>? CountryGroups { get; init; }

    /// <summary>Currencies besides the program currency, with monthly program rates (optional).</summary>
    public IReadOnlyList<CurrencyDocument?>? Currencies { get; init; }
}

/// <summary>JSON of <see cref="CountryGroup"/>: tiers and levels give only the figures that differ from the default.</summary>
public sealed class CountryGroupDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<string?>? Countries { get; init; }

    public string? Currency { get; init; }

    public IReadOnlyList<TierDocument?>? Tiers { get; init; }

    public IReadOnlyList<CompetencyOverrideDocument?>? Competencies { get; init; }
}

/// <summary>JSON of <see cref="CompetencyThresholdOverride"/>.</summary>
public sealed class CompetencyOverrideDocument
{
    public string? Id { get; init; }

    public LevelsDocument? Levels { get; init; }
}

/// <summary>JSON of <see cref="ProgramCurrency"/>.</summary>
public sealed class CurrencyDocument
{
    public string? Code { get; init; }

    public IReadOnlyList<RateDocument?>? Rates { get; init; }
}

/// <summary>JSON of <see cref="MonthlyRate"/>: the month written yyyy-MM.</summary>
public sealed class RateDocument
{
    public string? Month { get; init; }

    public decimal? Rate { get; init; }
}

/// <summary>JSON of <see cref="DowngradePolicy"/>.</summary>
public sealed class DowngradeDocument
{
    public string? Mode { get; init; }

    public int? GracePeriodDays { get; init; }
}

/// <summary>JSON of <see cref="TierThreshold"/>.</summary>
public sealed class TierDocument
{
    public string? Tier { get; init; }

    public decimal? MinRevenue { get; init; }

    public int? MinCompetencies { get; init; }
}

/// <summary>JSON of <see cref="Competency"/>.</summary>
public sealed class CompetencyDocument
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Market { get; init; }

    public IReadOnlyList<string?>? LegacySpecializations { get; init; }

    public LevelsDocument? Levels { get; init; }
}

/// <summary>JSON of a competency's two levels.</summary>
public sealed class LevelsDocument
{
    public LevelRequirementDocument? Principal { get; init; }

    public LevelRequirementDocument? Expert { get; init; }
}

/// <summary>JSON of <see cref="LevelRequirement"/>.</summary>
public sealed class LevelRequirementDocument
{
    public int? MinAccreditedPeople { get; init; }

    public decimal? MinRevenue { get; init; }

    public int? MinValidatedReferences { get; init; }

    public decimal? MinSatisfaction { get; init; }
}

/// <summary>JSON of <see cref="RetiredSpecialization"/>.</summary>
public sealed class RetiredSpecializationDocument
{
    public string? Id { get; init; }

    public string? Note { get; init; }

    /// <summary>The note in French (optional).</summary>
    public string? NoteFr { get; init; }
}
