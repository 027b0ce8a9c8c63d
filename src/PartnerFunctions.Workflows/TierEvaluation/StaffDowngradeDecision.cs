using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>
/// A program staff answer to a pending downgrade, applied to the partner: the partner is evaluated now, the answer
/// goes through <see cref="TierChangePolicy.ApplyStaffDecision"/>, the decision (with its receipt) and the new status
/// are stored in one conditional write, and the partner is emailed when the change concerns it. The approval feature
/// decides who may answer and when; the tier decision itself lives here, beside the nightly's.
/// </summary>
public sealed class StaffDowngradeDecision(IPartnerRepository partners, INotificationService notifications, IOptions<WorkflowOptions> options)
{
    private const int MaxConflictRetries = 3;

    /// <summary>
    /// Applies the answer and returns the change, or null when no downgrade decision is pending for the partner any
    /// more (answered meanwhile by another path). <paramref name="decisionId"/> keys the decision and its email, so a
    /// replay of the same answer writes and sends nothing twice.
    /// </summary>
    public async Task<TierChange?> ApplyAsync(
        PartnerSnapshot snapshot,
        string decisionId,
        bool approve,
        string decidedBy,
        DateTimeOffset now,
        ProgramDefinition definition,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(decisionId);
        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        ArgumentNullException.ThrowIfNull(definition);
        for (var attempt = 1; ; attempt++)
        {
            var status = snapshot.Profile.Status;
            if (!status.TierState.AwaitingStaffDecision)
            {
                return null;
            }

            var asOf = DateOnly.FromDateTime(now.UtcDateTime);
            var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
            var change = TierChangePolicy.ApplyStaffDecision(status.TierState, approve, evaluation.Tier, asOf, definition.Downgrade);
            var decision = new TierDecision(
                decisionId,
                snapshot.PartnerId,
                DecisionKind.StaffDecision,
                now,
                definition.VersionTag,
                change.From,
                change.To,
                change.Kind,
                TierReasonText.Of(change.Why, "en"),
                evaluation.ToReceipt(),
                null,
                decidedBy,
                change.Why);
            var newStatus = new PartnerStatus(change.State, PartnerTierService.LevelsOf(evaluation), asOf, definition.VersionTag, decisionId);
            try
            {
                await partners.RecordDecisionAsync(decision, newStatus, snapshot.Profile.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // The partner changed since it was read (evidence, a nightly evaluation): apply the answer to the fresh state.
                snapshot = await partners.GetSnapshotAsync(snapshot.PartnerId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Partner '{snapshot.PartnerId}' disappeared during the decision.");
                continue;
            }

            if (change.NotifiesPartner)
            {
                await notifications.SendAsync(
                    PartnerTierService.TierChangeNotification(snapshot.Profile.Partner, definition, change, decisionId, options.Value.PublicBaseUrl),
                    cancellationToken);
            }

            return change;
        }
    }
}
