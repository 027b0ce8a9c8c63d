using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Hosting;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Migration;

/// <summary>Body of POST staff/migrations.</summary>
/// <param name="SendEmails">Required: true sends the preview emails now and the reminders before the effective date.</param>
public sealed record StartMigrationRequest(bool? SendEmails);

/// <summary>POST staff/migrations: starts a program-wide migration preview run ("migration-yyyyMMddHHmmss-...").</summary>
public sealed class MigrationStarter(ProgramDefinitionCache definitions, IApiAccess access, IOptions<WorkflowOptions> options, TimeProvider clock)
{
    /// <summary>202 with the status URL; 400 when sendEmails is missing; 409 when no definition is active.</summary>
    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var staff = await access.CheckStaffAsync(request.HttpContext, cancellationToken);
        if (staff.Problem is not null)
        {
            return staff.Problem;
        }

        var (body, problem) = await ApiJson.ReadAsync<StartMigrationRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.SendEmails is not { } sendEmails)
        {
            return ApiProblems.Validation(new FieldError("sendEmails", "is required: true to email every partner its preview (and reminders), false for the report only."));
        }

        try
        {
            await definitions.GetActiveAsync(cancellationToken);
        }
        catch (NoActiveDefinitionException)
        {
            return ApiProblems.Conflict("No program definition is active: activate the definition to migrate to first.");
        }

        var instanceId = string.Create(CultureInfo.InvariantCulture, $"migration-{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}")[..35];
        var result = await RunStarter.StartNewAsync(client, nameof(MigrationOrchestrator), instanceId, new MigrationInput(RunStarter.StartedBy(request), sendEmails), cancellationToken);
        return RunStarter.Answer(result, MigrationOrchestrator.Kind, options.Value);
    }
}
