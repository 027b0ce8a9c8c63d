using Microsoft.DurableTask;

namespace PartnerFunctions.Workflows.Hosting;

/// <summary>
/// Every orchestrator and activity of the product, for hosts that run them on the Durable Task worker (local host,
/// tests). The Functions app exposes the same classes through trigger wrappers; a test checks the two lists agree.
/// </summary>
public static class WorkflowRegistry
{
    /// <summary>Orchestrator types, by feature.</summary>
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(Certification.CertificationOrchestrator),
        typeof(Reevaluation.ReevaluationOrchestrator),
        typeof(WhatIf.WhatIfOrchestrator),
        typeof(Migration.MigrationOrchestrator),
    ];

    /// <summary>Activity types, by feature.</summary>
    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(Certification.CheckCertificationEvidenceActivity),
        typeof(Certification.RequestReferenceApprovalActivity),
        typeof(Certification.ApplyReferenceDecisionActivity),
        typeof(Certification.GrantCompetencyLevelActivity),
        typeof(Certification.SendCertificationOutcomeActivity),
        typeof(Runs.BeginRunActivity),
        typeof(Runs.CountPartnersActivity),
        typeof(Runs.FailRunActivity),
        typeof(Reevaluation.ReevaluationPageActivity),
        typeof(Reevaluation.ReevaluationReportActivity),
        typeof(WhatIf.WhatIfPageActivity),
        typeof(WhatIf.WhatIfReportActivity),
        typeof(Migration.MigrationPageActivity),
        typeof(Migration.MigrationReminderPageActivity),
        typeof(Migration.MigrationReportActivity),
        typeof(Migration.MigrationCompleteActivity),
    ];

    /// <summary>Adds every orchestrator and activity to a Durable Task worker registry (activities are built by DI).</summary>
    public static DurableTaskRegistry AddPartnerFunctionsTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }
}
