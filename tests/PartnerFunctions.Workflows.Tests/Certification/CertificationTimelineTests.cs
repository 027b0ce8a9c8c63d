using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Domain.Tiers;
using PartnerFunctions.Workflows.Certification;
using Xunit;

namespace PartnerFunctions.Workflows.Tests.Certification;

/// <summary>Every step a run can publish, with every runtime status, mapped to the five steps the partner sees.</summary>
public sealed class CertificationTimelineTests
{
    private const string D = "done";
    private const string C = "current";
    private const string U = "upcoming";
    private const string S = "skipped";
    private const string F = "failed";

    public static TheoryData<string?, int, OrchestrationRuntimeStatus, string[]> Running => new()
    {
        { null, 0, OrchestrationRuntimeStatus.Pending, [D, C, U, U, U] },
        { CertificationSteps.CheckingEvidence, 0, OrchestrationRuntimeStatus.Running, [D, C, U, U, U] },
        { CertificationSteps.RequestingApprovals, 0, OrchestrationRuntimeStatus.Running, [D, D, C, U, U] },
        { CertificationSteps.AwaitingApprovals, 1, OrchestrationRuntimeStatus.Running, [D, D, C, U, U] },
        { CertificationSteps.GrantingLevel, 0, OrchestrationRuntimeStatus.Running, [D, D, S, C, U] },
        { CertificationSteps.GrantingLevel, 2, OrchestrationRuntimeStatus.Running, [D, D, D, C, U] },
        { CertificationSteps.NotifyingPartner, 1, OrchestrationRuntimeStatus.Running, [D, D, D, D, C] },
        { CertificationSteps.CheckingEvidence, 0, OrchestrationRuntimeStatus.Failed, [D, F, U, U, U] },
        { CertificationSteps.AwaitingApprovals, 0, OrchestrationRuntimeStatus.Terminated, [D, D, F, U, U] },
        { CertificationSteps.GrantingLevel, 1, OrchestrationRuntimeStatus.Failed, [D, D, D, F, U] },
        { CertificationSteps.NotifyingPartner, 0, OrchestrationRuntimeStatus.Failed, [D, D, S, D, F] },
        { "unknown-step", 0, OrchestrationRuntimeStatus.Running, [D, C, U, U, U] },
    };

    [Theory]
    [MemberData(nameof(Running))]
    public void Of_StepAndRuntimeStatus_GivesEachStepsState(string? step, int decided, OrchestrationRuntimeStatus runtime, string[] expected)
    {
        var custom = step is null ? null : new CertificationStatus(step, [], decided, 0, 0, null);

        var steps = CertificationTimeline.Of(Status(runtime, custom, null));

        Assert.Equal(
            [TimelineStepKind.Requested, TimelineStepKind.EvidenceChecked, TimelineStepKind.StaffReview, TimelineStepKind.LevelDecided, TimelineStepKind.PartnerNotified],
            steps.Select(s => s.Kind));
        Assert.Equal(expected, steps.Select(s => s.State.ToString().ToLowerInvariant()));
    }

    [Theory]
    [InlineData(0, true, new[] { D, D, S, D, D })]
    [InlineData(2, true, new[] { D, D, D, D, D })]
    [InlineData(1, false, new[] { D, D, D, D, F })]
    public void Of_Completed_ReviewSkippedWithoutReferencesAndNotificationFailedWhenNotSent(int references, bool notified, string[] expected)
    {
        var outcomes = Enumerable.Range(0, references).Select(i => new ReferenceOutcome("r" + i, ApprovalStatus.Approved, "staff", "apr-" + i)).ToArray();
        var output = new CertificationOutput("p1", "encryption", "run", CompetencyLevel.Principal, CompetencyLevel.None, Tier.Silver, TierChangeKind.Upgraded, [], outcomes, "v1", notified);

        var steps = CertificationTimeline.Of(Status(OrchestrationRuntimeStatus.Completed, new CertificationStatus(CertificationSteps.Completed, [], references, 0, 0, null), output));

        Assert.Equal(expected, steps.Select(s => s.State.ToString().ToLowerInvariant()));
    }

    [Fact]
    public void ReferencesAwaiting_RequestReminderAndEscalationOfOneReference_CountsTheReferenceOnce()
    {
        var status = new CertificationStatus(
            CertificationSteps.AwaitingApprovals,
            [new("a1", "r1", ApprovalPurpose.Request), new("a2", "r1", ApprovalPurpose.Reminder), new("a3", "r1", ApprovalPurpose.Escalation), new("a4", "r2", ApprovalPurpose.Request)],
            0,
            0,
            0,
            null);

        Assert.Equal(2, CertificationTimeline.ReferencesAwaiting(status));
        Assert.Equal(0, CertificationTimeline.ReferencesAwaiting(null));
    }

    private static CertificationStatusResponse Status(OrchestrationRuntimeStatus runtime, CertificationStatus? custom, CertificationOutput? output) =>
        new("cert-p1-encryption", "p1", "encryption", runtime, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, custom, output, null);
}
