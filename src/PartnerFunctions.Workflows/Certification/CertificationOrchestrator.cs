using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Notifications;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>
/// Certification of one partner in one competency (instance "cert-{partnerId}-{competencyId}"): check the evidence,
/// ask program staff to validate each reference awaiting review, wait for their answers (reminder, escalation and
/// expiry on durable timers), then record the competency level and tier decision and email the partner the outcome.
/// Deterministic: time from the context, ids from <see cref="TaskOrchestrationContext.NewGuid"/>, no I/O.
/// </summary>
public sealed partial class CertificationOrchestrator : TaskOrchestrator<CertificationInput, CertificationOutput>
{
    private enum Deadline
    {
        Reminder,
        Escalation,
        Expiry,
    }

    /// <summary>The run id: the instance id (reused by later certifications) and this run's start time.</summary>
    public static string RunIdFor(string instanceId, DateTime startedAtUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}.{startedAtUtc:yyyyMMdd'T'HHmmssfff'Z'}");

    /// <inheritdoc />
    public override async Task<CertificationOutput> RunAsync(TaskOrchestrationContext context, CertificationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<CertificationOrchestrator>();
        var startedAt = context.CurrentUtcDateTime;
        var runId = RunIdFor(context.InstanceId, startedAt);
        var state = new WaitState();

        Publish(context, CertificationSteps.CheckingEvidence, state);
        var check = await context.CallActivityAsync<EvidenceCheck>(
            nameof(CheckCertificationEvidenceActivity),
            new EvidenceCheckInput(input.PartnerId, input.CompetencyId, startedAt),
            CertificationRetry.Options);
        LogEvidenceChecked(logger, input.PartnerId, input.CompetencyId, check.LevelHeld, check.ReferencesAwaitingReview.Count);

        if (check.ReferencesAwaitingReview.Count > 0)
        {
            await RequestApprovalsAsync(context, input, runId, check.ReferencesAwaitingReview, state);
            await WaitForDecisionsAsync(context, input, runId, state);
        }

        Publish(context, CertificationSteps.GrantingLevel, state);
        var grant = await context.CallActivityAsync<LevelGrant>(
            nameof(GrantCompetencyLevelActivity),
            new GrantLevelInput(runId, input.PartnerId, input.CompetencyId, context.CurrentUtcDateTime),
            CertificationRetry.Options);

        Publish(context, CertificationSteps.NotifyingPartner, state);
        var references = state.Outcomes.ToArray();
        var notified = await context.CallActivityAsync<NotificationOutcome>(
            nameof(SendCertificationOutcomeActivity),
            new CertificationOutcomeInput(runId, input.PartnerId, input.CompetencyId, grant, references),
            CertificationRetry.Options);

        Publish(context, CertificationSteps.Completed, state);
        LogCompleted(logger, input.PartnerId, input.CompetencyId, grant.Level, grant.Tier);
        return new CertificationOutput(
            input.PartnerId,
            input.CompetencyId,
            runId,
            grant.Level,
            grant.PreviousLevel,
            grant.Tier,
            grant.TierChange,
            grant.Gaps,
            references,
            grant.DefinitionVersion,
            notified != NotificationOutcome.FailedPermanently);
    }

    private static async Task RequestApprovalsAsync(TaskOrchestrationContext context, CertificationInput input, string runId, IReadOnlyList<string> referenceIds, WaitState state)
    {
        Publish(context, CertificationSteps.RequestingApprovals, state);
        state.RequestedAt = context.CurrentUtcDateTime;
        state.ExpiresAt = state.RequestedAt + input.Timings.ExpiresAfter;
        var requests = new List<Task<ReferenceApprovalIssued>>(referenceIds.Count);
        foreach (var referenceId in referenceIds)
        {
            requests.Add(IssueAsync(context, input, runId, referenceId, ApprovalPurpose.Request, input.StaffApprover, null, state));
        }

        foreach (var issued in await Task.WhenAll(requests))
        {
            state.Track(issued);
        }
    }

    private static async Task WaitForDecisionsAsync(TaskOrchestrationContext context, CertificationInput input, string runId, WaitState state)
    {
        var logger = context.CreateReplaySafeLogger<CertificationOrchestrator>();
        // Answers that came back with the requests (an approver faster than a retried activity) are applied first.
        foreach (var (referenceId, approvalId, status) in state.TakeEarlyAnswers())
        {
            await ApplyAsync(context, input, runId, state, referenceId, approvalId, status, "approver", null);
        }

        var requestedAt = state.RequestedAt;
        var deadlines = new List<(DateTime At, Deadline Kind)>
        {
            (requestedAt + input.Timings.ReminderAfter, Deadline.Reminder),
            (requestedAt + input.Timings.EscalationAfter, Deadline.Escalation),
        };
        deadlines.RemoveAll(d => d.At >= state.ExpiresAt);
        deadlines.Sort((a, b) => a.At.CompareTo(b.At));
        deadlines.Add((state.ExpiresAt, Deadline.Expiry));

        // One event waiter at a time, kept across timer firings, so no answer can land on an abandoned waiter.
        using var eventCancellation = new CancellationTokenSource();
        var nextDeadline = 0;
        Task<ReferenceDecision>? decision = null;
        while (state.Pending.Count > 0 && nextDeadline < deadlines.Count)
        {
            Publish(context, CertificationSteps.AwaitingApprovals, state);
            decision ??= context.WaitForExternalEvent<ReferenceDecision>(ReferenceDecision.EventName, eventCancellation.Token);
            var (at, kind) = deadlines[nextDeadline];
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(at, timerCancellation.Token);
            var winner = await Task.WhenAny(decision, timer);
            if (winner == decision)
            {
                // Cancel, never CancelAsync: an orchestrator must continue on its own turn, not on the thread pool.
                timerCancellation.Cancel();
                var answer = await decision;
                decision = null;
                if (answer is not null && state.IsAwaited(answer.ReferenceId, answer.ApprovalId))
                {
                    var outcome = answer.Approved ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
                    await ApplyAsync(context, input, runId, state, answer.ReferenceId, answer.ApprovalId, outcome, answer.DecidedBy, answer.Comment);
                }
                else
                {
                    LogUnexpectedDecision(logger, context.InstanceId, answer?.ApprovalId ?? "(none)");
                }

                continue;
            }

            nextDeadline++;
            switch (kind)
            {
                case Deadline.Reminder:
                    await FollowUpAsync(context, input, runId, state, ApprovalPurpose.Reminder, input.StaffApprover, null);
                    break;
                case Deadline.Escalation:
                    await FollowUpAsync(context, input, runId, state, ApprovalPurpose.Escalation, input.EscalationApprover, input.StaffApprover);
                    break;
                default:
                    foreach (var referenceId in state.Pending.Keys.Order(StringComparer.Ordinal).ToArray())
                    {
                        await ApplyAsync(context, input, runId, state, referenceId, null, ApprovalStatus.Expired, "system", null);
                    }

                    break;
            }
        }

        eventCancellation.Cancel();
    }

    // A reminder or an escalation: a new request (with its own link) for every reference still awaiting an answer.
    private static async Task FollowUpAsync(TaskOrchestrationContext context, CertificationInput input, string runId, WaitState state, ApprovalPurpose purpose, string approver, string? firstApprover)
    {
        var sends = new List<Task<ReferenceApprovalIssued>>();
        foreach (var referenceId in state.Pending.Keys.Order(StringComparer.Ordinal))
        {
            sends.Add(IssueAsync(context, input, runId, referenceId, purpose, approver, firstApprover, state));
        }

        foreach (var issued in await Task.WhenAll(sends))
        {
            state.Track(issued);
        }

        foreach (var (referenceId, approvalId, status) in state.TakeEarlyAnswers())
        {
            await ApplyAsync(context, input, runId, state, referenceId, approvalId, status, "approver", null);
        }
    }

    private static Task<ReferenceApprovalIssued> IssueAsync(TaskOrchestrationContext context, CertificationInput input, string runId, string referenceId, ApprovalPurpose purpose, string approver, string? firstApprover, WaitState state) =>
        context.CallActivityAsync<ReferenceApprovalIssued>(
            nameof(RequestReferenceApprovalActivity),
            new ReferenceApprovalInput(
                runId,
                input.PartnerId,
                input.CompetencyId,
                referenceId,
                "apr-" + context.NewGuid().ToString("N"),
                purpose,
                approver,
                firstApprover,
                state.RequestedAt,
                state.ExpiresAt),
            CertificationRetry.Options);

    private static async Task ApplyAsync(TaskOrchestrationContext context, CertificationInput input, string runId, WaitState state, string referenceId, string? approvalId, ApprovalStatus outcome, string decidedBy, string? comment)
    {
        var applied = await context.CallActivityAsync<ReferenceOutcome>(
            nameof(ApplyReferenceDecisionActivity),
            new ReferenceDecisionInput(runId, input.PartnerId, referenceId, approvalId, state.ApprovalsOf(referenceId), outcome, decidedBy, comment, context.CurrentUtcDateTime),
            CertificationRetry.Options);
        state.Record(applied);
    }

    private static void Publish(TaskOrchestrationContext context, string step, WaitState state) =>
        context.SetCustomStatus(new CertificationStatus(
            step,
            state.PendingApprovals(),
            state.Outcomes.Count(o => o.Outcome == ApprovalStatus.Approved),
            state.Outcomes.Count(o => o.Outcome == ApprovalStatus.Rejected),
            state.Outcomes.Count(o => o.Outcome == ApprovalStatus.Expired),
            state.RequestedAt == default ? null : state.ExpiresAt));

    [LoggerMessage(Level = LogLevel.Information, Message = "Certification of {PartnerId} in {CompetencyId}: evidence supports {Level}; {Awaiting} reference(s) to review")]
    private static partial void LogEvidenceChecked(ILogger logger, string partnerId, string competencyId, CompetencyLevel level, int awaiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certification {InstanceId} ignored a reference decision for approval {ApprovalId}: not one it is waiting for")]
    private static partial void LogUnexpectedDecision(ILogger logger, string instanceId, string approvalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certification of {PartnerId} in {CompetencyId} completed: level {Level}, tier {Tier}")]
    private static partial void LogCompleted(ILogger logger, string partnerId, string competencyId, CompetencyLevel level, Tier tier);

    /// <summary>What the orchestration knows about its approvals (rebuilt identically on every replay).</summary>
    private sealed class WaitState
    {
        private readonly Dictionary<string, List<PendingApproval>> _approvals = new(StringComparer.Ordinal);
        private readonly List<(string ReferenceId, string ApprovalId, ApprovalStatus Status)> _earlyAnswers = [];

        public DateTime RequestedAt { get; set; }

        public DateTime ExpiresAt { get; set; }

        /// <summary>References awaiting an answer, with every request sent for each.</summary>
        public Dictionary<string, List<PendingApproval>> Pending { get; } = new(StringComparer.Ordinal);

        public List<ReferenceOutcome> Outcomes { get; } = [];

        public void Track(ReferenceApprovalIssued issued)
        {
            if (!issued.Issued)
            {
                return;
            }

            var approval = new PendingApproval(issued.ApprovalId, issued.ReferenceId, issued.Purpose);
            if (!_approvals.TryGetValue(issued.ReferenceId, out var all))
            {
                all = [];
                _approvals[issued.ReferenceId] = all;
            }

            all.Add(approval);
            if (Outcomes.Exists(o => string.Equals(o.ReferenceId, issued.ReferenceId, StringComparison.Ordinal)))
            {
                return;
            }

            if (!Pending.TryGetValue(issued.ReferenceId, out var pending))
            {
                pending = [];
                Pending[issued.ReferenceId] = pending;
            }

            pending.Add(approval);
            if (issued.Status is ApprovalStatus.Approved or ApprovalStatus.Rejected)
            {
                _earlyAnswers.Add((issued.ReferenceId, issued.ApprovalId, issued.Status));
            }
        }

        public (string ReferenceId, string ApprovalId, ApprovalStatus Status)[] TakeEarlyAnswers()
        {
            var answers = _earlyAnswers.Where(a => Pending.ContainsKey(a.ReferenceId)).ToArray();
            _earlyAnswers.Clear();
            return answers;
        }

        public bool IsAwaited(string? referenceId, string? approvalId) =>
            referenceId is not null
            && Pending.TryGetValue(referenceId, out var approvals)
            && approvals.Exists(a => string.Equals(a.ApprovalId, approvalId, StringComparison.Ordinal));

        public string[] ApprovalsOf(string referenceId) =>
            _approvals.TryGetValue(referenceId, out var all) ? [.. all.Select(a => a.ApprovalId)] : [];

        public void Record(ReferenceOutcome outcome)
        {
            Pending.Remove(outcome.ReferenceId);
            Outcomes.Add(outcome);
        }

        public PendingApproval[] PendingApprovals() =>
            [.. Pending.Keys.Order(StringComparer.Ordinal).SelectMany(k => Pending[k])];
    }
}
