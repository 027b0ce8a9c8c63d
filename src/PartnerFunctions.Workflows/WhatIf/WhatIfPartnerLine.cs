using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.WhatIf;

/// <summary>One partner of a what-if in partners.jsonl: which matrix cell it is in, and whether it moves at all.</summary>
/// <param name="HeldTier">The tier the partner holds today (its stored state).</param>
/// <param name="CurrentTier">Its tier evaluated under the active definition (the matrix row).</param>
/// <param name="CandidateTier">Its tier under the candidate (the matrix column).</param>
/// <param name="Moves">True when its tier or any competency level differs (it is in movers.csv).</param>
public sealed record WhatIfPartnerLine(string PartnerId, string Name, Tier HeldTier, Tier CurrentTier, Tier CandidateTier, bool Moves)
{
    /// <summary>The line of a partner from its one-partner tally (a single matrix cell holds 1).</summary>
    public static WhatIfPartnerLine Of(PartnerSnapshot snapshot, WhatIfTally one)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(one);
        var cell = -1;
        for (var i = 0; i < one.Matrix.Count; i++)
        {
            if (one.Matrix[i] == 1)
            {
                cell = i;
            }
        }

        if (one.Partners != 1 || cell < 0)
        {
            throw new ArgumentException("A partner line is made from the tally of one partner.", nameof(one));
        }

        var partner = snapshot.Profile.Partner;
        return new WhatIfPartnerLine(partner.Id, partner.Name, snapshot.Profile.Status.TierState.Current, (Tier)(cell / WhatIfTally.Tiers), (Tier)(cell % WhatIfTally.Tiers), one.Movers == 1);
    }
}
