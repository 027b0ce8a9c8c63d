using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Migration;

/// <summary>How a partner's tier moves from the legacy program to the new one.</summary>
public enum MigrationOutcome
{
    Keep,
    Gain,
    Lose,
}

/// <summary>Why a note is attached to a migration preview.</summary>
public enum MigrationNoteKind
{
    /// <summary>A legacy market specialization that ends at rollout.</summary>
    RetiredSpecialization,

    /// <summary>A legacy specialization the definition does not know.</summary>
    UnknownSpecialization,
}

/// <summary>A note on a legacy specialization that does not map to a competency.</summary>
/// <param name="Note">A retired specialization's note from the definition (English); null for an unknown one (its wording is the edge's).</param>
/// <param name="NoteFr">The definition's French note of a retired specialization, when it gives one.</param>
public sealed record MigrationNote(string LegacySpecialization, MigrationNoteKind Kind, string? Note, string? NoteFr = null);

/// <summary>A competency a partner is proposed, with what it would hold on the effective date and what is missing.</summary>
/// <param name="FromLegacy">The legacy specializations that fold into it (empty when proposed on evidence alone).</param>
/// <param name="Level">The level the evidence supports on the effective date.</param>
/// <param name="Gaps">What is missing for the next level (for Principal when none is held).</param>
public sealed record CandidateCompetency(
    string CompetencyId,
    string Name,
    IReadOnlyList<string> FromLegacy,
    CompetencyLevel Level,
    IReadOnlyList<ClauseReceipt> Gaps);

/// <summary>What a partner would hold in the new program on its effective date.</summary>
/// <param name="Candidates">Competencies its legacy specializations fold into, plus any other it qualifies for.</param>
/// <param name="Migrates">True when the partner would hold at least one competency on the effective date.</param>
public sealed record MigrationPreview(
    string PartnerId,
    string PartnerName,
    string DefinitionVersion,
    DateOnly EffectiveDate,
    IReadOnlyList<string> LegacySpecializations,
    Tier LegacyTier,
    Tier ProposedTier,
    MigrationOutcome Outcome,
    bool Migrates,
    IReadOnlyList<CandidateCompetency> Candidates,
    IReadOnlyList<MigrationNote> Notes,
    IReadOnlyList<ClauseReceipt> GapsToNextTier);

/// <summary>Maps legacy specializations to the new competencies and previews each partner's standing at rollout.</summary>
public static class MigrationMapper
{
    /// <summary>The competencies a partner's legacy specializations fold into, with the specializations behind each.</summary>
    public static IReadOnlyList<(Competency Competency, IReadOnlyList<string> FromLegacy)> CandidatesFor(ProgramDefinition definition, IEnumerable<string> legacySpecializations)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(legacySpecializations);
        var byIndex = new SortedDictionary<int, List<string>>();
        foreach (var legacy in legacySpecializations.Distinct(StringComparer.Ordinal))
        {
            foreach (var index in definition.CompetenciesForLegacy(legacy))
            {
                if (!byIndex.TryGetValue(index, out var list))
                {
                    byIndex[index] = list = [];
                }

                list.Add(legacy);
            }
        }

        return byIndex.Select(kv => (definition.Competencies[kv.Key], (IReadOnlyList<string>)kv.Value)).ToArray();
    }

    /// <summary>Notes for the legacy specializations that map to no competency (retired or unknown).</summary>
    public static IReadOnlyList<MigrationNote> NotesFor(ProgramDefinition definition, IEnumerable<string> legacySpecializations)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(legacySpecializations);
        var notes = new List<MigrationNote>();
        foreach (var legacy in legacySpecializations.Distinct(StringComparer.Ordinal))
        {
            if (definition.FindRetired(legacy) is { } retired)
            {
                notes.Add(new MigrationNote(legacy, MigrationNoteKind.RetiredSpecialization, retired.Note, retired.NoteFr));
            }
            else if (definition.CompetenciesForLegacy(legacy).Count == 0)
            {
                notes.Add(new MigrationNote(legacy, MigrationNoteKind.UnknownSpecialization, null));
            }
        }

        return notes;
    }

    /// <summary>
    /// The partner's preview: its evidence evaluated on the definition's effective date (existing accreditations
    /// count, no recertification), the candidate competencies from its legacy specializations, any other
    /// competency it already qualifies for, and the tier it would hold against the tier it holds today.
    /// </summary>
    public static MigrationPreview Preview(ProgramDefinition definition, PartnerEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(evidence);
        var partner = evidence.Partner;
        var evaluation = PartnerEvaluator.Evaluate(definition, evidence, definition.EffectiveDate);

        var candidates = new List<CandidateCompetency>();
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (competency, fromLegacy) in CandidatesFor(definition, partner.LegacySpecializations))
        {
            mapped.Add(competency.Id);
            candidates.Add(Candidate(definition, evaluation, competency, fromLegacy));
        }

        var standings = evaluation.Standings;
        for (var i = 0; i < standings.Length; i++)
        {
            var competency = definition.Competencies[i];
            if (standings[i].Level != CompetencyLevel.None && !mapped.Contains(competency.Id))
            {
                candidates.Add(Candidate(definition, evaluation, competency, []));
            }
        }

        var outcome = evaluation.Tier == partner.LegacyTier ? MigrationOutcome.Keep
            : evaluation.Tier > partner.LegacyTier ? MigrationOutcome.Gain
            : MigrationOutcome.Lose;

        return new MigrationPreview(
            partner.Id,
            partner.Name,
            definition.VersionTag,
            definition.EffectiveDate,
            partner.LegacySpecializations,
            partner.LegacyTier,
            evaluation.Tier,
            outcome,
            evaluation.CompetenciesHeld > 0,
            candidates,
            NotesFor(definition, partner.LegacySpecializations),
            evaluation.GapsToNextTier());
    }

    private static CandidateCompetency Candidate(ProgramDefinition definition, PartnerEvaluation evaluation, Competency competency, IReadOnlyList<string> fromLegacy)
    {
        var index = definition.IndexOf(competency.Id);
        return new CandidateCompetency(competency.Id, competency.Name, fromLegacy, evaluation.Standings[index].Level, evaluation.GapsToNextLevel(index));
    }
}
