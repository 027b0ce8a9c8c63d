using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Domain.Evaluation;

/// <summary>What makes the evidence change by itself on a day.</summary>
public enum ProjectionCause
{
    /// <summary>An accreditation stops counting (the day after its expiry).</summary>
    AccreditationExpires,

    /// <summary>A person's employment ended (the day after it).</summary>
    EmploymentEnds,

    /// <summary>A revenue month leaves the trailing window.</summary>
    RevenueLeavesWindow,

    /// <summary>The grace period ends (the day after its last day): the tier follows the evidence.</summary>
    GracePeriodEnds,

    /// <summary>A staff override ends (the day after its last day): the evidence decides the tier again.</summary>
    OverrideEnds,
}

/// <summary>
/// A change that will happen if nothing new comes in: a competency's level (<see cref="CompetencyId"/> set) or the
/// tier held (<see cref="CompetencyId"/> null), on <see cref="On"/>, with what causes it and the clause that falls
/// short (for a level lost, the first of its level's clauses no longer met; none for a tier).
/// </summary>
public sealed record ProjectedChange(
    DateOnly On,
    string? CompetencyId,
    CompetencyLevel? LevelFrom,
    CompetencyLevel? LevelTo,
    Tier? TierFrom,
    Tier? TierTo,
    TierChangeKind? TierChange,
    IReadOnlyList<ProjectionCause> Causes,
    ClauseReceipt? Clause);

/// <summary>
/// The days on which a partner's levels and tier would change if nothing new happens: accreditations expiring,
/// employments ending, revenue months leaving the trailing window, grace periods and staff overrides ending. Pure: the day is an input;
/// the evidence is evaluated on each such day and the tier change policy applied as the nightly would.
/// </summary>
public static class ChangeProjection
{
    /// <summary>
    /// The changes within <paramref name="horizonDays"/> days after <paramref name="asOf"/>, in date order; the tier's
    /// only when the held <paramref name="state"/> is given (levels depend on the evidence alone). While
    /// <paramref name="tierOverride"/> is in force it holds the tier; the day after it ends the evidence decides.
    /// </summary>
    public static IReadOnlyList<ProjectedChange> Project(ProgramDefinition definition, PartnerEvidence evidence, TierState? state, DateOnly asOf, int horizonDays = 365, TierOverride? tierOverride = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);
        var until = asOf.AddDays(horizonDays);
        var causes = new SortedDictionary<DateOnly, SortedSet<ProjectionCause>>();
        void Add(DateOnly day, ProjectionCause cause)
        {
            if (day > asOf && day <= until)
            {
                if (!causes.TryGetValue(day, out var set))
                {
                    causes[day] = set = [];
                }

                set.Add(cause);
            }
        }

        foreach (var person in evidence.People.Where(p => p.Counts))
        {
            if (person.EmployedTo is { } left)
            {
                Add(left.AddDays(1), ProjectionCause.EmploymentEnds);
            }

            foreach (var accreditation in person.Accreditations)
            {
                Add((accreditation.ExpiresOn ?? definition.DefaultExpiry(accreditation.CompletedOn)).AddDays(1), ProjectionCause.AccreditationExpires);
            }
        }

        foreach (var line in evidence.Revenue)
        {
            Add(new DateOnly(line.Period.Year, line.Period.Month, 1).AddMonths(definition.RevenueWindowMonths), ProjectionCause.RevenueLeavesWindow);
        }

        // Tonight's evaluation first (a grace period may open today): the projection starts from what it leaves.
        var changes = new List<ProjectedChange>();
        var previous = PartnerEvaluator.Evaluate(definition, evidence, asOf);
        var overriding = tierOverride is not null && tierOverride.InForceOn(asOf) ? tierOverride : null;
        var held = state is null ? null
            : overriding is not null ? TierChangePolicy.ApplyOverride(state, overriding, previous.Tier).State
            : TierChangePolicy.Apply(state, previous.Tier, asOf, definition.Downgrade).State;
        if (held is not null && overriding is not null)
        {
            Add(overriding.EndsOn.AddDays(1), ProjectionCause.OverrideEnds);
        }

        if (held?.GraceEndsOn is { } graceEnd)
        {
            Add(graceEnd.AddDays(1), ProjectionCause.GracePeriodEnds);
        }

        while (causes.Count > 0)
        {
            var (day, dayCauses) = causes.First();
            causes.Remove(day);
            var now = PartnerEvaluator.Evaluate(definition, evidence, day);
            for (var i = 0; i < definition.Competencies.Count; i++)
            {
                var id = definition.Competencies[i].Id;
                var (before, after) = (previous.LevelOf(id), now.LevelOf(id));
                if (before != after)
                {
                    var clause = after < before ? now.ClausesFor(i, before).FirstOrDefault(c => !c.Met) : null;
                    changes.Add(new ProjectedChange(day, id, before, after, null, null, null, [.. dayCauses], clause));
                }
            }

            previous = now;
            if (held is null || overriding?.InForceOn(day) == true)
            {
                continue;
            }

            var tier = TierChangePolicy.Apply(held, now.Tier, day, definition.Downgrade);
            if (tier.Kind is not (TierChangeKind.Unchanged or TierChangeKind.GracePeriodContinues or TierChangeKind.StaffDecisionPending))
            {
                changes.Add(new ProjectedChange(day, null, null, null, tier.From, tier.Kind == TierChangeKind.GracePeriodStarted ? tier.State.PendingTier : tier.To, tier.Kind, [.. dayCauses], null));
                if (tier.State.GraceEndsOn is { } end && end != held.GraceEndsOn)
                {
                    Add(end.AddDays(1), ProjectionCause.GracePeriodEnds);
                }
            }

            held = tier.State;
        }

        return changes;
    }
}
