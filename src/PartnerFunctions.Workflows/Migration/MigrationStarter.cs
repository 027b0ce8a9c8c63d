using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;
using PartnerFunctions.Workflows.Web;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>Body of POST staff/migrations.</summary>
/// <param name="SendEmails">Required: true sends the preview emails now and the reminders before the effective date.</param>
public sealed record StartMigrationRequest(bool? SendEmails);

/// <summary>POST staff/migrations: starts a program-wide migration preview run ("migration-yyyyMMddHHmmss-...").</summary>
public sealed class MigrationStarter(BatchRunStarts starts, TimeProvider clock)
{
    /// <summary>How a migration starts: a new run under a fresh id each time.</summary>
    public static BatchRunType Run { get; } = new(
        MigrationOrchestrator.Kind,
        nameof(MigrationOrchestrator),
        Singleton: false,
        "No program definition is active: activate the definition to migrate to first.");

    /// <summary>202 with the status URL; 400 when sendEmails is missing; 409 when no definition is active.</summary>
    public Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, string staffId, CancellationToken cancellationToken = default) =>
        starts.StartFromStaffAsync(request, client, staffId, Run, (startedBy, ct) => ReadAsync(request, startedBy, ct), cancellationToken);

    /// <summary>The console's migration start (form: sendEmails=true to email every partner its preview).</summary>
    public async Task<IResult> StartFromPageAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var form = await call.Request.ReadFormAsync(call.CancellationToken);
        var sendEmails = PageForms.Field(form, "sendEmails") == "true";
        var start = StaffRunStart.Of(BatchRunType.NewInstanceId("migration", clock.GetUtcNow()), new MigrationInput(call.StaffId, sendEmails));
        return await starts.StartFromPageAsync(call.Client, Run, start, call.CancellationToken);
    }

    private async Task<StaffRunStart> ReadAsync(HttpRequest request, string startedBy, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<StartMigrationRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return StaffRunStart.Refused(problem);
        }

        return body!.SendEmails is { } sendEmails
            ? StaffRunStart.Of(BatchRunType.NewInstanceId("migration", clock.GetUtcNow()), new MigrationInput(startedBy, sendEmails))
            : StaffRunStart.Refused(ApiProblems.Validation(new FieldError("sendEmails", "is required: true to email every partner its preview (and reminders), false for the report only.")));
    }
}
