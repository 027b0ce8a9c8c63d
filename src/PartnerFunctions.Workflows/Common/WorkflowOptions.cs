using System.ComponentModel.DataAnnotations;

namespace PartnerFunctions.Workflows.Common;

/// <summary>Settings of the workflows (section "Workflows": e.g. Workflows__ApprovalReminderAfter).</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Program staff mailbox that receives approval requests first.</summary>
    [Required]
    [EmailAddress]
    public string StaffApproverEmail { get; set; } = string.Empty;

    /// <summary>Second approver, escalated to when the first has not answered.</summary>
    [Required]
    [EmailAddress]
    public string EscalationApproverEmail { get; set; } = string.Empty;

    /// <summary>The language of the emails to program staff (approval requests, reminders, escalations): "en" or "fr".</summary>
    [RegularExpression("^(en|fr)$")]
    public string StaffLanguage { get; set; } = "en";

    /// <summary>A reminder goes to the approver after this long without an answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ApprovalReminderAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The request is escalated to the second approver after this long (from the request).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ApprovalEscalationAfter { get; set; } = TimeSpan.FromDays(4);

    /// <summary>The request expires after this long (from the request); the reference stays unvalidated.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00")]
    public TimeSpan ApprovalExpiresAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Partners handled by one activity in batch work (nightly, migration, what-if).</summary>
    [Range(1, 2000)]
    public int PartnersPerBatch { get; set; } = 500;

    /// <summary>
    /// Partners of one batch evaluated at once in the nightly run: their decision writes (one storage transaction
    /// each) are in flight together, which is where a batch spends its time.
    /// </summary>
    [Range(1, 64)]
    public int PartnersInFlight { get; set; } = 8;

    /// <summary>Base URL of the public API, used to build links in emails (never taken from a request's Host header).</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";
}
