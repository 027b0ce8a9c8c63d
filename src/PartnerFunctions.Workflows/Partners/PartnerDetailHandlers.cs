using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Migration;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Access;
using PartnerFunctions.Workflows.Certification;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Partners;

/// <summary>
/// The console's partner page (GET staff/partners/{partnerId}) and its credential forms: issue a key (shown once on
/// the page the POST answers, never in a URL or a log) and revoke one. A bad label is shown beside its field with 400
/// and nothing issued; an unknown partner is the 404 page.
/// </summary>
public sealed class PartnerDetailHandlers(
    IPartnerRepository partners,
    ProgramDefinitionCache definitions,
    PartnerCredentials keys,
    INotificationHistory emails,
    PageRenderer pages,
    TimeProvider time)
{
    /// <summary>Decisions shown (newest first).</summary>
    public const int DecisionsShown = 20;

    /// <summary>Emails shown (newest first).</summary>
    public const int EmailsShown = 25;

    /// <summary>Months of revenue in the chart (ending with the current month).</summary>
    public const int RevenueMonths = 12;

    /// <summary>The label field of the issue form.</summary>
    public const string LabelField = "label";

    /// <summary>GET staff/partners/{partnerId}.</summary>
    public Task<IResult> ShowAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RenderAsync(call, CredentialForm.Empty, StatusCodes.Status200OK);
    }

    /// <summary>POST staff/partners/{partnerId}/credentials: issues a key and shows it once on the page answered.</summary>
    public async Task<IResult> IssueCredentialAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var label = form[LabelField].Count > 1 ? null : PageForms.Field(form, LabelField);
        string? error = form[LabelField].Count > 1
            ? "Label: give one label."
            : label is { Length: > AccessHandlers.MaxLabelLength } ? $"Label: at most {AccessHandlers.MaxLabelLength} characters." : null;
        if (error is not null || !ApiIds.IsValid(partnerId) || await partners.GetProfileAsync(partnerId, call.CancellationToken) is null)
        {
            return await RenderAsync(call, new CredentialForm(Label: label, LabelError: error), StatusCodes.Status400BadRequest);
        }

        var issued = await keys.IssueAsync(partnerId, label, call.Session!.StaffId ?? AccessOptions.LocalStaffId, call.CancellationToken);
        return await RenderAsync(call, new CredentialForm(Issued: issued), StatusCodes.Status200OK);
    }

    /// <summary>POST staff/partners/{partnerId}/credentials/{credentialId}/revoke: revokes the key, then back to the page.</summary>
    public async Task<IResult> RevokeCredentialAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var credentialId = call.Value("credentialId");
        if (!ApiIds.IsValid(partnerId) || !await keys.RevokeAsync(partnerId, credentialId, call.Session!.StaffId ?? AccessOptions.LocalStaffId, call.CancellationToken))
        {
            return await RenderAsync(call, new CredentialForm(CredentialError: "This partner has no such credential: nothing was revoked."), StatusCodes.Status400BadRequest);
        }

        return new PageRedirect(PartnerDetailView.PathOf(partnerId) + "?revoked=" + Uri.EscapeDataString(credentialId));
    }

    private async Task<IResult> RenderAsync(RouteCall call, CredentialForm form, int statusCode)
    {
        var partnerId = call.Value(ApiRoute.PartnerIdParameter);
        var view = ApiIds.IsValid(partnerId) ? await ReadAsync(partnerId, call, form) : null;
        if (view is null)
        {
            return await PageAccess.NotFoundAsync(pages, call.Page);
        }

        return await pages.RenderAsync<PartnerDetailPage>(statusCode, new Dictionary<string, object?>
        {
            [nameof(PartnerDetailPage.Context)] = call.Page,
            [nameof(PartnerDetailPage.View)] = view,
            [nameof(PartnerDetailPage.OverrideNotice)] = call.Request.Query["override"].ToString() switch
            {
                "requested" => "Override asked for: it takes effect once a second member of the program team approves it (approvals queue or the emailed link).",
                "revoked" => "Override revoked: the evidence decides the tier again.",
                _ => null,
            },
        });
    }

    // Independent reads run together: the partner's partition, its decisions, its keys, the emails and the definition.
    private async Task<PartnerDetailView?> ReadAsync(string partnerId, RouteCall call, CredentialForm form)
    {
        var cancellationToken = call.CancellationToken;
        var snapshotTask = partners.GetSnapshotAsync(partnerId, cancellationToken);
        var decisionsTask = partners.ListDecisionsAsync(partnerId, DecisionsShown, null, cancellationToken);
        var credentialsTask = keys.ListAsync(partnerId, cancellationToken);
        var definitionTask = definitions.GetActiveOrNullAsync(cancellationToken);
        var snapshot = await snapshotTask;
        if (snapshot is null)
        {
            await Task.WhenAll(decisionsTask, credentialsTask, definitionTask);
            return null;
        }

        var emailsTask = emails.ListToRecipientAsync(snapshot.Profile.Partner.Email, EmailsShown, cancellationToken);
        var referencesTask = ReferenceRow.ReadAllAsync(partners, snapshot, cancellationToken);
        var definition = await definitionTask;
        var certificationsTask = CertificationsAsync(partnerId, definition, call.Client, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var revoked = call.Request.Query["revoked"].ToString();
        var notice = form.Notice ?? (PartnerApiKeys.IsCredentialId(revoked) ? $"Credential {revoked} is revoked: its key is refused from now on." : null);
        return new PartnerDetailView(
            snapshot.Profile,
            definition is null ? null : PartnerEvaluator.Evaluate(definition, snapshot.Evidence, today).ToReceipt(),
            (await decisionsTask).Items,
            await certificationsTask,
            snapshot.Evidence.People.OrderBy(p => p.Name, StringComparer.CurrentCulture).ToArray(),
            MonthlyRevenue(snapshot, today),
            await referencesTask,
            await emailsTask,
            await credentialsTask,
            form with { Notice = notice },
            today)
        {
            Legacy = definition is null ? null : LegacyParallelRun.Of(definition, snapshot.Profile.Partner, today),
        };
    }

    private static RevenueMonth[] MonthlyRevenue(PartnerSnapshot snapshot, DateOnly today)
    {
        var last = new DateOnly(today.Year, today.Month, 1);
        var byMonth = snapshot.Evidence.Revenue
            .GroupBy(l => new DateOnly(l.Period.Year, l.Period.Month, 1))
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        return Enumerable.Range(0, RevenueMonths)
            .Select(i => last.AddMonths(i - RevenueMonths + 1))
            .Select(m => new RevenueMonth(m, byMonth.TryGetValue(m, out var amount) ? amount : 0m))
            .ToArray();
    }

    /// <summary>The document id of a stored document name ("{partner}/{reference}/{documentId}").</summary>
    internal static string DocumentId(string documentName) => documentName[(documentName.LastIndexOf('/') + 1)..];

    // A certification's instance id is one per partner and competency: one instance lookup per competency.
    private static async Task<IReadOnlyList<CertificationRow>> CertificationsAsync(string partnerId, ProgramDefinition? definition, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (definition is null)
        {
            return [];
        }

        var names = definition.Competencies.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var all = await CertificationStatusReader.ReadAllAsync(client, partnerId, names.Keys, cancellationToken);
        return all
            .Select(c => new CertificationRow(c.CompetencyId, names[c.CompetencyId], c.RuntimeStatus.ToString(), c.CustomStatus?.Step, c.CustomStatus?.PendingApprovals.Count ?? 0, c.Output?.LevelGranted.ToString(), c.LastUpdatedAt))
            .ToArray();
    }
}
