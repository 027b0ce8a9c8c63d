using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Migration;

/// <summary>Where a partner's legacy status stands against the new program.</summary>
public enum LegacyPhase
{
    /// <summary>Before the effective date: the legacy program is the one in force.</summary>
    Current,

    /// <summary>From the effective date through the parallel run's last day: readable beside the new status.</summary>
    ParallelRun,

    /// <summary>After the parallel run: archived (kept as it was, shown as archived, no longer a status).</summary>
    Archived,
}

/// <summary>A partner's legacy tier and specializations as the program shows them on a day.</summary>
/// <param name="ReadableUntil">The parallel run's last day.</param>
public sealed record LegacyStatus(Tier Tier, IReadOnlyList<string> Specializations, LegacyPhase Phase, DateOnly EffectiveDate, DateOnly ReadableUntil);

/// <summary>
/// The parallel run of the legacy program: after the effective date the legacy tier and specializations stay readable
/// beside the new status for the definition's <see cref="ProgramDefinition.LegacyParallelRunMonths"/>, then are
/// archived. Nothing is deleted: the phase follows from the day, the stored legacy values never change.
/// </summary>
public static class LegacyParallelRun
{
    /// <summary>The partner's legacy status on <paramref name="asOf"/>.</summary>
    public static LegacyStatus Of(ProgramDefinition definition, Partner partner, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(partner);
        var phase = asOf < definition.EffectiveDate ? LegacyPhase.Current
            : asOf <= definition.LegacyReadableUntil ? LegacyPhase.ParallelRun
            : LegacyPhase.Archived;
        return new LegacyStatus(partner.LegacyTier, partner.LegacySpecializations, phase, definition.EffectiveDate, definition.LegacyReadableUntil);
    }
}
