using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Migration;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.StaffConsole;

/// <summary>What the dashboard shows.</summary>
/// <param name="PendingApprovals">Requests waiting for staff, oldest first.</param>
/// <param name="Escalated">How many of them went to the escalation approver.</param>
/// <param name="Running">Runs in progress.</param>
/// <param name="LastNightly">The newest nightly re-evaluation.</param>
/// <param name="Partners">Partners by tier and competencies by level (from the search index, at most two minutes old).</param>
/// <param name="LastMigration">The newest migration run.</param>
/// <param name="MigrationSummary">The newest reported migration's summary: who keeps, gains or loses status (null before any).</param>
public sealed record DashboardView(
    IReadOnlyList<ApprovalRequest> PendingApprovals,
    int Escalated,
    IReadOnlyList<RunView> Running,
    RunView? LastNightly,
    RunView? LastMigration,
    MigrationReport? MigrationSummary,
    PartnerIndexSummary Partners,
    DateTimeOffset PartnersCountedAt);

/// <summary>The console's start page (staff only): approvals waiting, runs in progress, the last nightly and migration.</summary>
public sealed class DashboardHandlers(IApprovalRepository approvals, RunsHandlers runs, PartnerSummaryCache partners, MigrationReports migrations, PageRenderer pages, IOptions<WorkflowOptions> options)
{
    /// <summary>GET staff.</summary>
    public async Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var pending = await approvals.ListAsync(ApprovalStatus.Pending, 5000, call.CancellationToken);
        var escalation = options.Value.EscalationApproverEmail;
        var recent = await runs.RecentAsync(5, call.CancellationToken);
        var (summary, countedAt) = await partners.GetAsync(call.CancellationToken);
        var lastMigration = recent.FirstOrDefault(r => r.Kind == RunStarter.RouteName(WorkflowRunKind.Migration));
        var reported = recent.FirstOrDefault(r => r.Kind == lastMigration?.Kind && r.Reports.Any(f => f.FileName == MigrationReportActivity.SummaryFile));
        var view = new DashboardView(
            pending,
            escalation.Length == 0 ? 0 : pending.Count(a => string.Equals(a.Approver, escalation, StringComparison.OrdinalIgnoreCase)),
            recent.Where(r => r.Status is "Running" or "Pending").ToArray(),
            recent.FirstOrDefault(r => r.Kind == RunStarter.RouteName(WorkflowRunKind.Reevaluation)),
            lastMigration,
            reported is null ? null : await migrations.ReadSummaryAsync(reported.InstanceId, call.CancellationToken),
            summary,
            countedAt);
        return await pages.RenderAsync<DashboardPage>(new Dictionary<string, object?>
        {
            [nameof(DashboardPage.Context)] = call.Page,
            [nameof(DashboardPage.View)] = view,
        });
    }
}
