using PartnerFunctions.Domain.Evaluation;

namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>An evaluation as one line of text (decision and every standing), to compare two evaluations whole.</summary>
internal static class EvaluationText
{
    public static string Of(PartnerEvaluation evaluation)
    {
        var standings = string.Join(";", evaluation.Standings.ToArray().Select(s => $"{s.Level},{s.AccreditedPeople},{s.Revenue},{s.ValidatedReferences},{s.SatisfactionSum},{s.SatisfactionCount}"));
        return $"{evaluation.PartnerId}|{evaluation.Tier}|{evaluation.CompetenciesHeld}|{evaluation.TotalRevenue}|{evaluation.DefinitionVersion}|{standings}";
    }
}
