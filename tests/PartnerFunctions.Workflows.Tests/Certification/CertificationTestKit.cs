using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Notifications;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Approvals;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Tests.Support;

namespace PartnerFunctions.Workflows.Tests.Certification;

/// <summary>Calls and look-ups shared by the certification and approval tests.</summary>
internal static partial class CertificationTestKit
{
    /// <summary>Midmarket; Principal needs 2 accredited people, 50,000 EUR and 1 validated reference.</summary>
    public const string CompetencyId = "encryption";

    /// <summary>A partner that meets Principal in <see cref="CompetencyId"/> once its one submitted reference is approved (and Silver on revenue).</summary>
    public static PartnerEvidenceBuilder QualifyingPartner(string partnerId, out string referenceId) =>
        new PartnerEvidenceBuilder(partnerId)
            .WithAccreditedPeople(CompetencyId, 2)
            .WithRevenue(CompetencyId, 120_000m)
            .WithReference(CompetencyId, Market.Midmarket, ReferenceState.Submitted, out referenceId);

    public static Task<ApiResponse> StartAsync(WorkflowTestHost host, string partnerId, string competencyId = CompetencyId, object? body = null)
    {
        var handlers = host.GetRequiredService<CertificationHandlers>();
        return ApiCall.SendAsync(host.Services, () => handlers.StartAsync(ApiCall.Request(host.Services, "POST", body), partnerId, competencyId, host.Client, CancellationToken.None));
    }

    public static Task<ApiResponse> GetStatusAsync(WorkflowTestHost host, string partnerId, string competencyId = CompetencyId)
    {
        var handlers = host.GetRequiredService<CertificationHandlers>();
        return ApiCall.SendAsync(host.Services, () => handlers.GetStatusAsync(ApiCall.Request(host.Services, "GET"), partnerId, competencyId, host.Client, CancellationToken.None));
    }

    public static Task<ApiResponse> DecideAsync(WorkflowTestHost host, string approvalId, bool approve, string decidedBy = "reviewer@program.example.com", string? comment = null)
    {
        var body = new { approve, comment };
        return ApiCall.SendAsync(host.Services, () =>
        {
            // Who decides is the staff member the credential identifies, never a body field.
            var request = ApiCall.Request(host.Services, "POST", body);
            request.Headers[TestApiAccess.StaffHeader] = decidedBy;
            return ApiDispatcher.DispatchAsync(ApprovalRoutes.DecideApproval, request, host.Client, ("approvalId", approvalId));
        });
    }

    /// <summary>Emails carrying an approval link (any approver), in the order they were sent.</summary>
    public static IReadOnlyList<EmailMessage> ApprovalEmails(WorkflowTestHost host) =>
        [.. host.Emails.Messages.Where(m => ApprovalLink().IsMatch(m.TextBody))];

    /// <summary>Waits for <paramref name="count"/> approval emails to <paramref name="approver"/>.</summary>
    public static Task<IReadOnlyList<EmailMessage>> WaitForApprovalEmailsAsync(WorkflowTestHost host, string approver, int count = 1) =>
        host.Emails.WaitForAsync(m => string.Equals(m.To.Email, approver, StringComparison.OrdinalIgnoreCase) && ApprovalLink().IsMatch(m.TextBody), count);

    /// <summary>The approval id and token of the link in an email (text part).</summary>
    public static (string ApprovalId, string Token) LinkIn(EmailMessage email)
    {
        var match = ApprovalLink().Match(email.TextBody);
        Xunit.Assert.True(match.Success, "The email has no approval link: " + email.TextBody);
        return (match.Groups["id"].Value, Uri.UnescapeDataString(match.Groups["token"].Value));
    }

    /// <summary>Outcome emails sent by the certification (outbox step "certification-outcome").</summary>
    public static IReadOnlyList<EmailMessage> OutcomeEmails(WorkflowTestHost host, string partnerEmail) =>
        [.. host.Emails.To(partnerEmail).Where(m => m.IdempotencyKey.Contains("|" + SendCertificationOutcomeActivity.Step + "|", StringComparison.Ordinal))];

    public static Task<OrchestrationMetadata> WaitForStepAsync(WorkflowTestHost host, string instanceId, string step) =>
        host.WaitForAsync(instanceId, m => m.SerializedCustomStatus is not null && m.ReadCustomStatusAs<CertificationStatus>()?.Step == step, what: "to step " + step);

    // Links are built from Workflows:PublicBaseUrl: https://partners.test.example.com/api/approvals/{id}?token={token}
    [GeneratedRegex(@"https://partners\.test\.example\.com/api/approvals/(?<id>[A-Za-z0-9._-]+)\?token=(?<token>[A-Za-z0-9_%-]+)")]
    private static partial Regex ApprovalLink();
}
