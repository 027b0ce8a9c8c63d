using Microsoft.DurableTask.Client;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>The steps of a certification as the partner sees them.</summary>
public enum TimelineStepKind
{
    /// <summary>The request was received.</summary>
    Requested,

    /// <summary>People, revenue and references checked against the competency's requirements.</summary>
    EvidenceChecked,

    /// <summary>Program staff review the customer references awaiting validation.</summary>
    StaffReview,

    /// <summary>The level (and the tier) decided.</summary>
    LevelDecided,

    /// <summary>The partner emailed the outcome.</summary>
    PartnerNotified,
}

/// <summary>Where a step stands.</summary>
public enum TimelineStepState
{
    Done,
    Current,
    Upcoming,

    /// <summary>Nothing to do in this run (no reference awaited review).</summary>
    Skipped,

    /// <summary>The run stopped here, or the step could not be done (the email was not sent).</summary>
    Failed,
}

/// <summary>One step of the timeline.</summary>
public sealed record TimelineStep(TimelineStepKind Kind, TimelineStepState State);

/// <summary>A certification's status as the five steps of its timeline (pure: from the engine's status only).</summary>
public static class CertificationTimeline
{
    private static readonly string[] StepOrder =
    [
        CertificationSteps.CheckingEvidence,
        CertificationSteps.RequestingApprovals,
        CertificationSteps.AwaitingApprovals,
        CertificationSteps.GrantingLevel,
        CertificationSteps.NotifyingPartner,
        CertificationSteps.Completed,
    ];

    /// <summary>The steps, in order, with their state.</summary>
    public static IReadOnlyList<TimelineStep> Of(CertificationStatusResponse status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.RuntimeStatus == OrchestrationRuntimeStatus.Completed && status.Output is { } output)
        {
            return
            [
                new(TimelineStepKind.Requested, TimelineStepState.Done),
                new(TimelineStepKind.EvidenceChecked, TimelineStepState.Done),
                new(TimelineStepKind.StaffReview, output.References.Count > 0 ? TimelineStepState.Done : TimelineStepState.Skipped),
                new(TimelineStepKind.LevelDecided, TimelineStepState.Done),
                new(TimelineStepKind.PartnerNotified, output.PartnerNotified ? TimelineStepState.Done : TimelineStepState.Failed),
            ];
        }

        // Not started yet (no custom status) counts as checking the evidence: it is the first thing the run does.
        var rank = status.CustomStatus is { } custom ? Math.Max(0, Array.IndexOf(StepOrder, custom.Step)) : 0;
        var reviewed = status.CustomStatus is { } counts && counts.ReferencesApproved + counts.ReferencesRejected + counts.ReferencesExpired > 0;
        var steps = new List<TimelineStep>
        {
            new(TimelineStepKind.Requested, TimelineStepState.Done),
            new(TimelineStepKind.EvidenceChecked, rank == 0 ? TimelineStepState.Current : TimelineStepState.Done),
            new(TimelineStepKind.StaffReview, rank switch
            {
                0 => TimelineStepState.Upcoming,
                1 or 2 => TimelineStepState.Current,
                _ => reviewed ? TimelineStepState.Done : TimelineStepState.Skipped,
            }),
            new(TimelineStepKind.LevelDecided, rank < 3 ? TimelineStepState.Upcoming : rank == 3 ? TimelineStepState.Current : TimelineStepState.Done),
            new(TimelineStepKind.PartnerNotified, rank < 4 ? TimelineStepState.Upcoming : rank == 4 ? TimelineStepState.Current : TimelineStepState.Done),
        };
        return CertificationStatusReader.IsActive(status.RuntimeStatus)
            ? steps
            : steps.Select(s => s.State == TimelineStepState.Current ? s with { State = TimelineStepState.Failed } : s).ToArray();
    }

    /// <summary>The references still awaiting an answer (a reference has one request, then a reminder and an escalation).</summary>
    public static int ReferencesAwaiting(CertificationStatus? status) =>
        status?.PendingApprovals.Select(a => a.ReferenceId).Distinct(StringComparer.Ordinal).Count() ?? 0;
}
