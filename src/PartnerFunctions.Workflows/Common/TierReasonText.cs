using PartnerFunctions.Domain.Tiers;

namespace PartnerFunctions.Workflows.Common;

/// <summary>A tier change's reason in a language: the partner's emails and pages, the API and decisions (English).</summary>
public static class TierReasonText
{
    /// <summary>The reason as a sentence in <paramref name="language"/> ("fr", else English).</summary>
    public static string Of(TierReason why, string? language)
    {
        ArgumentNullException.ThrowIfNull(why);
        var supported = ProgramText.Tier(why.Supported, language);
        var held = ProgramText.Tier(why.Held, language);
        var until = why.Until is { } day ? ProgramText.Day(day, language) : "";
        return ProgramText.IsFrench(language) ? French(why.Code, supported, held, until) : English(why.Code, supported, held, until);
    }

    /// <summary>What kind of change a decision made, in a few words.</summary>
    public static string Kind(TierChangeKind kind, string? language) => (kind, ProgramText.IsFrench(language)) switch
    {
        (TierChangeKind.Upgraded, true) => "hausse",
        (TierChangeKind.Upgraded, false) => "upgrade",
        (TierChangeKind.Downgraded, true) => "baisse",
        (TierChangeKind.Downgraded, false) => "downgrade",
        (TierChangeKind.GracePeriodStarted, true) => "période de grâce ouverte",
        (TierChangeKind.GracePeriodStarted, false) => "grace period opened",
        (TierChangeKind.GracePeriodContinues, true) => "période de grâce en cours",
        (TierChangeKind.GracePeriodContinues, false) => "grace period continues",
        (TierChangeKind.DowngradeCancelled, true) => "baisse annulée",
        (TierChangeKind.DowngradeCancelled, false) => "downgrade cancelled",
        (TierChangeKind.StaffDecisionRequested, true) => "décision demandée à l'équipe du programme",
        (TierChangeKind.StaffDecisionRequested, false) => "staff decision requested",
        (TierChangeKind.StaffDecisionPending, true) => "décision de l'équipe du programme attendue",
        (TierChangeKind.StaffDecisionPending, false) => "staff decision pending",
        (TierChangeKind.DowngradeWaived, true) => "baisse écartée par l'équipe du programme",
        (TierChangeKind.DowngradeWaived, false) => "downgrade waived by staff",
        (TierChangeKind.Overridden, true) => "niveau fixé par l'équipe du programme",
        (TierChangeKind.Overridden, false) => "tier set by staff",
        (_, true) => "inchangé",
        _ => "unchanged",
    };

    private static string English(TierReasonCode code, string supported, string held, string until) => code switch
    {
        TierReasonCode.Upgraded => $"Evidence supports {supported}: upgrades apply at once.",
        TierReasonCode.Unchanged => $"Evidence supports {held}.",
        TierReasonCode.DowngradeCancelled => $"Evidence supports {held} again: the pending downgrade is cancelled.",
        TierReasonCode.StaffDecisionPending => $"Evidence supports {supported}; program staff have not decided yet.",
        TierReasonCode.GracePeriodEnded => $"The grace period ended on {until} and the evidence still supports only {supported}.",
        TierReasonCode.GracePeriodContinues => $"Evidence supports {supported}; {held} is kept until {until}.",
        TierReasonCode.GracePeriodStarted => $"Evidence supports {supported}; {held} is kept for a grace period until {until}.",
        TierReasonCode.StaffDecisionRequested => $"Evidence supports {supported}; program staff decide on the downgrade from {held}.",
        TierReasonCode.RecoveredBeforeStaffDecision => $"Evidence supports {supported} again: no downgrade needed.",
        TierReasonCode.StaffApprovedDowngrade => $"Program staff approved the downgrade to {supported}.",
        TierReasonCode.StaffKeptTier => $"Program staff kept {held} until {until}.",
        TierReasonCode.OverriddenByStaff => $"Program staff set the tier to {held} until {until} (the evidence supports {supported}).",
        _ => code.ToString(),
    };

    private static string French(TierReasonCode code, string supported, string held, string until) => code switch
    {
        TierReasonCode.Upgraded => $"Vos éléments justifient le niveau {supported} : une hausse de niveau s'applique aussitôt.",
        TierReasonCode.Unchanged => $"Vos éléments justifient le niveau {held}.",
        TierReasonCode.DowngradeCancelled => $"Vos éléments justifient de nouveau le niveau {held} : la baisse de niveau prévue est annulée.",
        TierReasonCode.StaffDecisionPending => $"Vos éléments justifient le niveau {supported} ; l'équipe du programme n'a pas encore décidé.",
        TierReasonCode.GracePeriodEnded => $"La période de grâce a pris fin le {until} et vos éléments ne justifient toujours que le niveau {supported}.",
        TierReasonCode.GracePeriodContinues => $"Vos éléments justifient le niveau {supported} ; le niveau {held} est conservé jusqu'au {until}.",
        TierReasonCode.GracePeriodStarted => $"Vos éléments justifient le niveau {supported} ; le niveau {held} est conservé pendant une période de grâce, jusqu'au {until}.",
        TierReasonCode.StaffDecisionRequested => $"Vos éléments justifient le niveau {supported} ; l'équipe du programme décide de la baisse depuis le niveau {held}.",
        TierReasonCode.RecoveredBeforeStaffDecision => $"Vos éléments justifient de nouveau le niveau {supported} : aucune baisse n'est nécessaire.",
        TierReasonCode.StaffApprovedDowngrade => $"L'équipe du programme a approuvé la baisse au niveau {supported}.",
        TierReasonCode.StaffKeptTier => $"L'équipe du programme a maintenu le niveau {held} jusqu'au {until}.",
        TierReasonCode.OverriddenByStaff => $"L'équipe du programme a fixé votre niveau à {held} jusqu'au {until} (vos éléments justifient le niveau {supported}).",
        _ => code.ToString(),
    };
}
