namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>Names of the tables and blob containers, with the configured prefix applied.</summary>
public sealed class StorageNames
{
    public StorageNames(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
        Partners = prefix + "partners";
        ProgramDefinitions = prefix + "programdefinitions";
        Outbox = prefix + "outbox";
        OutboxByRecipient = prefix + "outboxbyrecipient";
        Approvals = prefix + "approvals";
        WorkflowRuns = prefix + "workflowruns";
        Imports = prefix + "imports";
        WorkflowStarts = prefix + "workflowstarts";
        WebSessions = prefix + "websessions";
        SignInLinks = prefix + "signinlinks";
        AuditByPartner = prefix + "auditbypartner";
        AuditByDay = prefix + "auditbyday";
        PartnerSearchShards = Enumerable.Range(0, PartnerSearchShardCount).Select(n => prefix + "partnersearch" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var containerPrefix = prefix.Length == 0 ? string.Empty : prefix + "-";
        EvidenceDocumentsContainer = containerPrefix + "evidence-documents";
        ReportsContainer = containerPrefix + "reports";
        ProgramDefinitionsContainer = containerPrefix + "program-definitions";
    }

    public string Prefix { get; }

    public string Partners { get; }

    public string ProgramDefinitions { get; }

    public string Outbox { get; }

    /// <summary>The outbox indexed by recipient (the console's "emails sent to the partner").</summary>
    public string OutboxByRecipient { get; }

    public string Approvals { get; }

    public string WorkflowRuns { get; }

    public string Imports { get; }

    /// <summary>Start claims of singleton workflow instances (one concurrent start wins).</summary>
    public string WorkflowStarts { get; }

    /// <summary>Browser sessions (staff console, partner pages).</summary>
    public string WebSessions { get; }

    /// <summary>One-time partner sign-in links.</summary>
    public string SignInLinks { get; }

    /// <summary>The audit log by partner (append-only, see docs/data-model.md).</summary>
    public string AuditByPartner { get; }

    /// <summary>The audit log by UTC day (append-only).</summary>
    public string AuditByDay { get; }

    /// <summary>Shards of the partner search index: one table each (see docs/data-model.md).</summary>
    public const int PartnerSearchShardCount = 8;

    /// <summary>The partner search index (written with the partners), shard n in table n (see docs/data-model.md).</summary>
    public IReadOnlyList<string> PartnerSearchShards { get; }

    public string EvidenceDocumentsContainer { get; }

    public string ReportsContainer { get; }

    public string ProgramDefinitionsContainer { get; }

    public IReadOnlyList<string> Tables => [Partners, ProgramDefinitions, Outbox, OutboxByRecipient, Approvals, WorkflowRuns, Imports, WorkflowStarts, WebSessions, SignInLinks, AuditByPartner, AuditByDay, .. PartnerSearchShards];

    public IReadOnlyList<string> Containers => [EvidenceDocumentsContainer, ReportsContainer, ProgramDefinitionsContainer];
}
