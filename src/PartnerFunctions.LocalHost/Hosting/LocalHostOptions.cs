using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.LocalHost.Hosting;

/// <summary>Which Durable Task store the local host runs on.</summary>
public enum LocalStore
{
    /// <summary>Azure Storage (Azurite by default): durable across restarts, what Durable Functions uses in Azure.</summary>
    Azure,

    /// <summary>In-memory: fast, nothing survives the process.</summary>
    Memory,
}

/// <summary>Settings of the local host only (section "LocalHost": LocalHost__Store, ...); the product's settings are shared.</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>The durable store of the workflow engine.</summary>
    public LocalStore Store { get; set; } = LocalStore.Azure;

    /// <summary>Loopback port of the gRPC sidecar; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int SidecarPort { get; set; }

    /// <summary>
    /// Identity of this engine instance in the task hub. Keep it stable across restarts: a restarted process with the
    /// same id reclaims its partitions at once instead of waiting out the 30 s lease of the previous one.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string WorkerId { get; set; } = "localhost-" + Environment.MachineName;

    /// <summary>Points the SendGrid client at this host's capture endpoint (/_local/sendgrid) instead of SendGrid.</summary>
    public bool CaptureMail { get; set; } = true;

    /// <summary>
    /// The URL this host is reached at (mail capture posts to it); empty means the first URL the host listens on,
    /// as given by <c>--urls</c> (a wildcard host becomes 127.0.0.1).
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Runs the nightly re-evaluation on the <c>ReevaluationSchedule</c> NCRONTAB, like the Functions timer.</summary>
    public bool RunTimer { get; set; } = true;

    /// <summary>Work items the engine runs at once (orchestrations and activities each).</summary>
    [Range(1, 1000)]
    public int MaxConcurrentWorkItems { get; set; } = 32;

    /// <summary>Longest wait between queue polls of the Azure Storage store when idle (lower: faster pick-up, more polling).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long an activity message stays invisible once taken (Azure store). An activity whose process died is
    /// delivered again only after this; tests that kill the host shorten it. Activities must finish well within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The same for orchestration (control queue) messages.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Serves POST /_local/demo-data (generated demo partners). Local tools only.</summary>
    public bool EnableDemoData { get; set; } = true;
}
