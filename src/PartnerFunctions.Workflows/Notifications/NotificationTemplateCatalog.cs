namespace PartnerFunctions.Workflows.Notifications;

/// <summary>
/// The fields each template needs (every one must be given, or rendering fails). Besides these, every template may use
/// <see cref="RecipientName"/>, which the notification service fills from <see cref="Notification.RecipientName"/>
/// (or the address). Fields named "...Url" are links: they must start with <c>Workflows:PublicBaseUrl</c>.
/// Values are plain text; dates and amounts come formatted by the caller.
/// </summary>
public static class NotificationTemplateCatalog
{
    /// <summary>Filled by the notification service for every template: the recipient's name, or the address.</summary>
    public const string RecipientName = "recipientName";

    /// <summary>Required fields by template id.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Fields { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        // A certification workflow finished: the level granted ("Principal", "Expert" or a "not granted" text).
        [NotificationTemplates.CertificationOutcome] = ["partnerName", "competencyName", "levelGranted", "summary", "statusUrl"],

        // Program staff are asked to validate a customer reference (approvalUrl: the confirmation page link).
        [NotificationTemplates.ReferenceApprovalRequest] = ["partnerName", "competencyName", "customerName", "referenceSummary", "expiresOn", "approvalUrl"],

        // The approver has not answered yet (any kind of approval request).
        [NotificationTemplates.ApprovalReminder] = ["requestSummary", "requestedOn", "expiresOn", "approvalUrl"],

        // The request goes to the second approver because the first did not answer.
        [NotificationTemplates.ApprovalEscalation] = ["requestSummary", "requestedOn", "firstApproverEmail", "expiresOn", "approvalUrl"],

        // Tier upgraded, downgraded, downgrade cancelled or waived (fields as PartnerTierService fills them).
        [NotificationTemplates.TierChanged] = ["partnerName", "fromTier", "toTier", "reason", "programUrl"],

        // The evidence fell short: the tier is kept until graceEndsOn, then pendingTier applies unless it recovers.
        [NotificationTemplates.DowngradeWarning] = ["partnerName", "fromTier", "pendingTier", "graceEndsOn", "reason", "programUrl"],

        // Program staff decide on a downgrade.
        [NotificationTemplates.DowngradeDecisionRequest] = ["partnerName", "partnerId", "fromTier", "pendingTier", "reason", "expiresOn", "decisionUrl"],

        // A second member of the program team approves a tier override (the requester cannot).
        [NotificationTemplates.OverrideRequest] = ["partnerName", "partnerId", "requestedBy", "currentTier", "overrideTier", "endsOn", "reason", "expiresOn", "decisionUrl"],

        // The partner's migration preview ahead of the effective date (previewSummary: one line per competency).
        [NotificationTemplates.MigrationPreview] = ["partnerName", "effectiveDate", "programChange", "currentTier", "proposedTier", "previewSummary", "previewUrl"],

        // Reminder of the preview before the effective date.
        [NotificationTemplates.MigrationReminder] = ["partnerName", "effectiveDate", "daysLeft", "proposedTier", "previewSummary", "previewUrl"],

        // An accreditation of one of the partner's people expires soon (90/60/30 days).
        [NotificationTemplates.AccreditationExpiryReminder] = ["partnerName", "personName", "competencyName", "expiresOn", "daysLeft", "consequence", "programUrl"],
    };
}
