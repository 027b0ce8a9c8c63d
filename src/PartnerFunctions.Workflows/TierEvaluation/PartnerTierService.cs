using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.TierEvaluation;

/// <summary>What a tier evaluation of one partner did.</summary>
/// <param name="DecisionWritten">True when a decision (with its receipt) and the new status were stored.</param>
/// <param name="Notified">True when the partner was emailed (or had been, by an earlier try of the same run).</param>
/// <param name="NotificationFailed">True when the email was refused for good (recorded in the outbox).</param>
public sealed record TierEvaluationOutcome(
    string PartnerId,
    TierChangeKind Change,
    Tier From,
    Tier To,
    bool LevelsChanged,
    bool DecisionWritten,
    bool Notified,
    bool NotificationFailed)
{
    /// <summary>The tier state after the evaluation (stored when a decision was written).</summary>
    public required TierState State { get; init; }

    /// <summary>The competency levels held after the evaluation (what the partner's status records).</summary>
    public required IReadOnlyDictionary<string, CompetencyLevel> Levels { get; init; }
}

/// <summary>Asks program staff to decide on a downgrade (by email, with an approval link). Idempotent per run.</summary>
public interface IDowngradeApprovalRequester
{
    Task RequestAsync(Partner partner, TierChange change, ProgramDefinition definition, string runId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Tier evaluation of one partner: recompute levels and tier, apply the tier change policy, store the decision with
/// its receipt and the new status in one transaction, and email the partner on a change. Idempotent per run: the
/// decision id is "{runId}:{partnerId}" and emails go through the outbox.
/// </summary>
public sealed partial class PartnerTierService(
    IPartnerRepository partners,
    INotificationService notifications,
    IDowngradeApprovalRequester downgradeApprovals,
    IOptions<WorkflowOptions> options,
    ILogger<PartnerTierService> logger)
{
    private const int MaxConflictRetries = 3;

    /// <summary>Evaluates a partner already read (batch work), re-reading it only if a concurrent change wins.</summary>
    /// <param name="partnerEmails">
    /// Null: the partner's email goes out now. Otherwise it is added here (under a lock on the collection) for the
    /// caller to send with others in one wave after the decision is stored; <see cref="TierEvaluationOutcome.Notified"/>
    /// then means "queued". The outbox key is the same either way, so a retried batch sends it once.
    /// </param>
    public async Task<TierEvaluationOutcome> EvaluateAsync(
        PartnerSnapshot snapshot,
        ProgramDefinition definition,
        DateTimeOffset at,
        string runId,
        DecisionKind kind,
        ICollection<Notification>? partnerEmails,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(definition);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await EvaluateOnceAsync(snapshot, definition, at, runId, kind, partnerEmails, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // Someone changed the partner since it was read (evidence, staff decision): evaluate the fresh state.
                LogConflict(logger, snapshot.PartnerId, attempt);
                snapshot = await partners.GetSnapshotAsync(snapshot.PartnerId, cancellationToken)
                    ?? throw new KeyNotFoundException($"Partner '{snapshot.PartnerId}' disappeared during evaluation.");
            }
        }
    }

    /// <summary>Reads and evaluates one partner (request-path and certification use).</summary>
    public async Task<TierEvaluationOutcome> EvaluateAsync(
        string partnerId,
        ProgramDefinition definition,
        DateTimeOffset at,
        string runId,
        DecisionKind kind,
        CancellationToken cancellationToken = default)
    {
        var snapshot = await partners.GetSnapshotAsync(partnerId, cancellationToken)
            ?? throw new KeyNotFoundException($"Partner '{partnerId}' does not exist.");
        return await EvaluateAsync(snapshot, definition, at, runId, kind, null, cancellationToken);
    }

    /// <summary>The competencies held (Principal or Expert) by id, as stored in the partner's status.</summary>
    public static Dictionary<string, CompetencyLevel> LevelsOf(PartnerEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var levels = new Dictionary<string, CompetencyLevel>(StringComparer.Ordinal);
        var competencies = evaluation.Definition.Competencies;
        for (var i = 0; i < competencies.Count; i++)
        {
            var level = evaluation.LevelAt(i);
            if (level != CompetencyLevel.None)
            {
                levels[competencies[i].Id] = level;
            }
        }

        return levels;
    }

    private async Task<TierEvaluationOutcome> EvaluateOnceAsync(
        PartnerSnapshot snapshot,
        ProgramDefinition definition,
        DateTimeOffset at,
        string runId,
        DecisionKind kind,
        ICollection<Notification>? partnerEmails,
        CancellationToken cancellationToken)
    {
        var profile = snapshot.Profile;
        var status = profile.Status;
        var decisionId = string.Create(CultureInfo.InvariantCulture, $"{runId}:{snapshot.PartnerId}");
        if (string.Equals(status.LastDecisionId, decisionId, StringComparison.Ordinal))
        {
            // A retried activity: this run's decision is stored already. Finish its notification (the outbox makes
            // that a no-op when it went out) and report what the decision did.
            return await ResumeAsync(snapshot, definition, decisionId, runId, partnerEmails, cancellationToken);
        }

        var asOf = DateOnly.FromDateTime(at.UtcDateTime);
        var evaluation = PartnerEvaluator.Evaluate(definition, snapshot.Evidence, asOf);
        // A staff override in force decides the tier; once it has ended the evidence decides again (and it is cleared).
        var inForce = status.Override is { } set && set.InForceOn(asOf) ? set : null;
        var change = inForce is null
            ? TierChangePolicy.Apply(status.TierState, evaluation.Tier, asOf, definition.Downgrade)
            : TierChangePolicy.ApplyOverride(status.TierState, inForce, evaluation.Tier);
        var levels = LevelsOf(evaluation);
        var levelsChanged = !SameLevels(levels, status.CompetencyLevels);

        // Nothing to record when nothing moved: the nightly run then costs no write for a steady partner (an override
        // holding the same tier night after night moves nothing either).
        var moved = change.Kind is not (TierChangeKind.Unchanged or TierChangeKind.Overridden) || change.From != change.To;
        var needsDecision = moved || change.State != status.TierState || levelsChanged || status.Override != inForce
            || !string.Equals(status.DefinitionVersion, definition.VersionTag, StringComparison.Ordinal);
        var decisionWritten = false;
        if (needsDecision)
        {
            var decision = new TierDecision(
                decisionId,
                snapshot.PartnerId,
                kind,
                at,
                definition.VersionTag,
                change.From,
                change.To,
                change.Kind,
                TierReasonText.Of(change.Why, "en"),
                evaluation.ToReceipt(),
                runId,
                "system",
                change.Why);
            var newStatus = new PartnerStatus(change.State, levels, asOf, definition.VersionTag, decisionId, inForce);
            var written = await partners.RecordDecisionAsync(decision, newStatus, profile.ETag, cancellationToken);
            decisionWritten = written.Outcome == DecisionWriteOutcome.Applied;
        }

        var (notified, failed) = await NotifyAsync(snapshot, definition, change, runId, partnerEmails, cancellationToken);
        return new TierEvaluationOutcome(snapshot.PartnerId, change.Kind, change.From, change.To, levelsChanged, decisionWritten, notified, failed)
        {
            State = change.State,
            Levels = levels,
        };
    }

    private async Task<TierEvaluationOutcome> ResumeAsync(PartnerSnapshot snapshot, ProgramDefinition definition, string decisionId, string runId, ICollection<Notification>? partnerEmails, CancellationToken cancellationToken)
    {
        var latest = await partners.ListDecisionsAsync(snapshot.PartnerId, 1, null, cancellationToken);
        var decision = latest.Items.FirstOrDefault(d => string.Equals(d.DecisionId, decisionId, StringComparison.Ordinal));
        if (decision is null)
        {
            return new TierEvaluationOutcome(snapshot.PartnerId, TierChangeKind.Unchanged, snapshot.Profile.Status.TierState.Current, snapshot.Profile.Status.TierState.Current, false, false, false, false)
            {
                State = snapshot.Profile.Status.TierState,
                Levels = snapshot.Profile.Status.CompetencyLevels,
            };
        }

        var state = snapshot.Profile.Status.TierState;
        var change = new TierChange(decision.ChangeKind, decision.From, decision.To, state, decision.Why ?? ReasonOf(decision, state));
        var (notified, failed) = await NotifyAsync(snapshot, definition, change, runId, partnerEmails, cancellationToken);
        // The stored status is this decision's result.
        return new TierEvaluationOutcome(snapshot.PartnerId, decision.ChangeKind, decision.From, decision.To, false, false, notified, failed)
        {
            State = snapshot.Profile.Status.TierState,
            Levels = snapshot.Profile.Status.CompetencyLevels,
        };
    }

    private async Task<(bool Notified, bool Failed)> NotifyAsync(
        PartnerSnapshot snapshot,
        ProgramDefinition definition,
        TierChange change,
        string runId,
        ICollection<Notification>? partnerEmails,
        CancellationToken cancellationToken)
    {
        var kind = change.Kind;
        if (kind == TierChangeKind.StaffDecisionRequested)
        {
            // Program staff decide; the partner hears about the outcome, not the question.
            await downgradeApprovals.RequestAsync(snapshot.Profile.Partner, change, definition, runId, cancellationToken);
            return (false, false);
        }

        if (!change.NotifiesPartner)
        {
            return (false, false);
        }

        var notification = TierChangeNotification(snapshot.Profile.Partner, definition, change, runId, options.Value.PublicBaseUrl);
        if (partnerEmails is not null)
        {
            lock (partnerEmails)
            {
                partnerEmails.Add(notification);
            }

            return (true, false);
        }

        var outcome = await notifications.SendAsync(notification, cancellationToken);
        return (outcome != NotificationOutcome.FailedPermanently, outcome == NotificationOutcome.FailedPermanently);
    }

    /// <summary>
    /// The partner's email about a tier change (a warning when a grace period opens), keyed by the workflow instance
    /// or decision that caused it so it goes out once.
    /// </summary>
    public static Notification TierChangeNotification(Partner partner, ProgramDefinition definition, TierChange change, string instanceId, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(change);
        var template = change.Kind switch
        {
            TierChangeKind.GracePeriodStarted => NotificationTemplates.DowngradeWarning,
            _ => NotificationTemplates.TierChanged,
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partnerName"] = partner.Name,
            ["partnerId"] = partner.Id,
            ["change"] = change.Kind.ToString(),
            ["fromTier"] = ProgramText.Tier(change.From, partner.Language),
            ["toTier"] = ProgramText.Tier(change.To, partner.Language),
            ["pendingTier"] = change.State.PendingTier is { } pending ? ProgramText.Tier(pending, partner.Language) : string.Empty,
            ["graceEndsOn"] = change.State.GraceEndsOn is { } graceEnd ? ProgramText.Day(graceEnd, partner.Language) : string.Empty,
            ["reason"] = TierReasonText.Of(change.Why, partner.Language),
            ["definitionVersion"] = definition.VersionTag,
            ["programUrl"] = PartnerPageLinks.Program(publicBaseUrl, partner.Id),
        };
        return new Notification(instanceId, "tier-" + change.Kind.ToString().ToLowerInvariant(), partner.Email, partner.Name, template, partner.Language, values);
    }

    // A decision stored before reasons had codes: the closest reason its kind and tiers give (it only words an email).
    private static TierReason ReasonOf(TierDecision decision, TierState state) => decision.ChangeKind switch
    {
        TierChangeKind.Upgraded => new TierReason(TierReasonCode.Upgraded, decision.To, decision.From),
        TierChangeKind.Downgraded => new TierReason(TierReasonCode.StaffApprovedDowngrade, decision.To, decision.From),
        TierChangeKind.DowngradeCancelled => new TierReason(TierReasonCode.DowngradeCancelled, decision.To, decision.From),
        TierChangeKind.GracePeriodStarted => new TierReason(TierReasonCode.GracePeriodStarted, state.PendingTier ?? decision.To, decision.From, state.GraceEndsOn),
        TierChangeKind.GracePeriodContinues => new TierReason(TierReasonCode.GracePeriodContinues, state.PendingTier ?? decision.To, decision.From, state.GraceEndsOn),
        TierChangeKind.DowngradeWaived => new TierReason(TierReasonCode.StaffKeptTier, state.PendingTier ?? decision.To, decision.From, state.GraceEndsOn),
        TierChangeKind.StaffDecisionRequested => new TierReason(TierReasonCode.StaffDecisionRequested, state.PendingTier ?? decision.To, decision.From),
        TierChangeKind.StaffDecisionPending => new TierReason(TierReasonCode.StaffDecisionPending, state.PendingTier ?? decision.To, decision.From),
        _ => new TierReason(TierReasonCode.Unchanged, decision.To, decision.From),
    };

    private static bool SameLevels(Dictionary<string, CompetencyLevel> levels, IReadOnlyDictionary<string, CompetencyLevel> stored)
    {
        if (levels.Count != stored.Count)
        {
            return false;
        }

        foreach (var (id, level) in levels)
        {
            if (!stored.TryGetValue(id, out var storedLevel) || storedLevel != level)
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId} changed during evaluation (attempt {Attempt}); evaluating again")]
    private static partial void LogConflict(ILogger logger, string partnerId, int attempt);
}
