using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Web;

/// <summary>A customer reference's market and review state in the page's language, with the state's style class.</summary>
public static class ReferenceText
{
    /// <summary>The customer's market.</summary>
    public static string Market(Market market, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Common.ProgramText.Market(market, context.Language);
    }

    /// <summary>Where the program team's review of the reference stands.</summary>
    public static string State(ReferenceState state, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return state switch
        {
            ReferenceState.Approved => context.T("Approved", "Approuvée"),
            ReferenceState.Rejected => context.T("Rejected", "Refusée"),
            ReferenceState.Submitted => context.T("Submitted, awaiting review", "Soumise, en attente d'examen"),
            _ => context.T("Under review", "En cours d'examen"),
        };
    }

    /// <summary>The style class of a state (green approved, red rejected, amber otherwise).</summary>
    public static string StateClass(ReferenceState state) => state switch
    {
        ReferenceState.Approved => "state-ok",
        ReferenceState.Rejected => "state-bad",
        _ => "state-warn",
    };
}
