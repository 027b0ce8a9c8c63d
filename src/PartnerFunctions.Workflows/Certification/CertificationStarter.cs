using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>What a start request came to.</summary>
public enum CertificationStartOutcome
{
    /// <summary>Scheduled now.</summary>
    Started,

    /// <summary>A certification of the competency already runs: nothing was scheduled.</summary>
    AlreadyRunning,

    /// <summary>The active definition has no such competency.</summary>
    UnknownCompetency,

    /// <summary>No program definition is active.</summary>
    NoActiveDefinition,

    /// <summary>The partner does not exist.</summary>
    UnknownPartner,

    /// <summary>
    /// Even with every reference awaiting review approved, Principal is out of reach: nothing was started and no
    /// approval requested (<see cref="CertificationStart.Precheck"/> says what is missing).
    /// </summary>
    CannotReachPrincipal,
}

/// <summary>The outcome of a start, with where its status is read.</summary>
/// <param name="Status">The running instance's status when <see cref="CertificationStartOutcome.AlreadyRunning"/>.</param>
/// <param name="DefinitionVersion">The active definition's version (null when none is active).</param>
/// <param name="Precheck">The pre-check, once it ran (what is missing when <see cref="CertificationStartOutcome.CannotReachPrincipal"/>).</param>
public sealed record CertificationStart(
    CertificationStartOutcome Outcome,
    string InstanceId,
    string StatusUrl,
    OrchestrationRuntimeStatus? Status,
    string? DefinitionVersion,
    CertificationPrecheck? Precheck = null);

/// <summary>
/// Starts a partner's certification of a competency: one at a time per partner and competency, whoever asks (the API's
/// POST, the partner's certification page), and only when Principal is within reach (<see cref="CertificationPrecheck"/>),
/// so program staff never review references for a certification that cannot grant anything.
/// </summary>
public sealed partial class CertificationStarter(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    ExclusiveStart exclusiveStart,
    IOptions<WorkflowOptions> options,
    TimeProvider time,
    ILogger<CertificationStarter> logger)
{
    /// <summary>Schedules the certification unless one runs or the competency is not in the active definition.</summary>
    public async Task<CertificationStart> StartAsync(DurableTaskClient client, string partnerId, string competencyId, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var settings = options.Value;
        var instanceId = CertificationRules.InstanceIdFor(partnerId, competencyId);
        var statusUrl = CertificationRules.StatusUrl(settings.PublicBaseUrl, partnerId, competencyId);
        var definition = await definitions.GetActiveOrNullAsync(cancellationToken);
        if (definition is null)
        {
            return new CertificationStart(CertificationStartOutcome.NoActiveDefinition, instanceId, statusUrl, null, null);
        }

        if (definition.FindCompetency(competencyId) is null)
        {
            return new CertificationStart(CertificationStartOutcome.UnknownCompetency, instanceId, statusUrl, null, definition.VersionTag);
        }

        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is not null && CertificationStatusReader.IsActive(existing.RuntimeStatus))
        {
            return new CertificationStart(CertificationStartOutcome.AlreadyRunning, instanceId, statusUrl, existing.RuntimeStatus, definition.VersionTag);
        }

        var snapshot = await partners.GetSnapshotAsync(partnerId, cancellationToken);
        if (snapshot is null)
        {
            return new CertificationStart(CertificationStartOutcome.UnknownPartner, instanceId, statusUrl, null, definition.VersionTag);
        }

        var precheck = CertificationPrecheck.Of(definition, snapshot.Evidence, competencyId, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (!precheck.CanReachPrincipal)
        {
            LogOutOfReach(logger, instanceId, precheck.MissingForPrincipal.Count);
            return new CertificationStart(CertificationStartOutcome.CannotReachPrincipal, instanceId, statusUrl, null, definition.VersionTag, precheck);
        }

        var input = new CertificationInput(
            partnerId,
            competencyId,
            requestedBy,
            new ApprovalTimings(settings.ApprovalReminderAfter, settings.ApprovalEscalationAfter, settings.ApprovalExpiresAfter),
            settings.StaffApproverEmail,
            settings.EscalationApproverEmail);
        // Concurrent requests can all pass the check above, and the engine's dedupe check is not atomic either.
        var start = await exclusiveStart.StartAsync(
            client,
            instanceId,
            ct => client.ScheduleNewOrchestrationInstanceAsync(
                nameof(CertificationOrchestrator),
                input,
                new StartOrchestrationOptions(instanceId).WithDedupeStatuses(OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running),
                ct),
            cancellationToken);
        if (!start.Started)
        {
            return new CertificationStart(CertificationStartOutcome.AlreadyRunning, instanceId, statusUrl, start.Status, definition.VersionTag);
        }

        LogStarted(logger, instanceId, requestedBy);
        return new CertificationStart(CertificationStartOutcome.Started, instanceId, statusUrl, null, definition.VersionTag, precheck);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Certification {InstanceId} scheduled (requested by {RequestedBy})")]
    private static partial void LogStarted(ILogger logger, string instanceId, string requestedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certification {InstanceId} not started: Principal out of reach ({Missing} clause(s) unmet with every awaiting reference approved)")]
    private static partial void LogOutOfReach(ILogger logger, string instanceId, int missing);
}
