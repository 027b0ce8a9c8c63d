using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>What a staff action does to a partner evaluated now: the change, and the override the partner holds after it.</summary>
public sealed record StaffTierChange(TierChange Change, TierOverride? Override);

/// <summary>
/// The write that every staff action on a partner's tier shares (a downgrade answer, an override approved or revoked):
/// the partner is evaluated now, the action turns the evaluation into a change, the decision (with its receipt) and the
/// new status are stored in one conditional write (re-read and re-decided when the partner changed meanwhile), and the
/// partner is emailed when the change concerns it. The decision id keys the decision and its email, so a replay writes
/// and sends nothing twice.
/// </summary>
public sealed class StaffTierWrite(IPartnerRepository partners, INotificationService notifications, IOptions<WorkflowOptions> options)
{
    private const int MaxConflictRetries = 3;

    /// <summary>
    /// Applies <paramref name="decide"/> to the partner (given its stored status and today's evaluation) and returns
    /// the change, or null when the action no longer applies (it returned null).
    /// </summary>
    public async Task<TierChange?> ApplyAsync(
        PartnerSnapshot snapshot,
        string decisionId,
        DecisionKind kind,
        string decidedBy,
        DateTimeOffset now,
        ProgramDefinition definition,
        Func<PartnerStatus, PartnerEvaluation, DateOnly, StaffTierChange?> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentException.ThrowIfNullOrEmpty(decisionId);
        ArgumentException.ThrowIfNullOrEmpty(decidedBy);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 1; ; attempt++)
        {
            var status = snapshot.Profile.Status;
            var asOf = DateOnly.FromDateTime(now.UtcDateTime);
            var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
            if (decide(status, evaluation, asOf) is not { Change: var change } decided)
            {
                return null;
            }

            var decision = new TierDecision(
                decisionId,
                snapshot.PartnerId,
                kind,
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
            var newStatus = new PartnerStatus(change.State, PartnerTierService.LevelsOf(evaluation), asOf, definition.VersionTag, decisionId, decided.Override);
            try
            {
                await partners.RecordDecisionAsync(decision, newStatus, snapshot.Profile.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // The partner changed since it was read (evidence, a nightly evaluation): decide again on the fresh state.
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
