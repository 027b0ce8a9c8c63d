using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PartnerFunctions.Workflows.Common;
using PartnerFunctions.Workflows.Http;
using PartnerFunctions.Workflows.Runs;

namespace PartnerFunctions.Workflows.Reevaluation;

/// <summary>Body of POST staff/reevaluations (optional).</summary>
/// <param name="Date">The UTC day of the run (default: today); not in the future.</param>
public sealed record StartReevaluationRequest(DateOnly? Date);

/// <summary>
/// Starts the nightly re-evaluation: the timer trigger (schedule from the app setting <c>ReevaluationSchedule</c>,
/// bound as <c>%ReevaluationSchedule%</c>; default "0 0 2 * * *", 02:00 UTC) and staff (POST staff/reevaluations)
/// start the singleton "reeval-yyyyMMdd" of a UTC day. A second start for the same day starts nothing and answers
/// with the existing run.
/// </summary>
public sealed partial class ReevaluationStarter(BatchRunStarts starts, AuditRecorder audit, TimeProvider clock, ILogger<ReevaluationStarter> logger)
{
    /// <summary>
    /// The app setting holding the timer's NCRONTAB schedule. A flat name (no section): the Functions host passes the
    /// binding "%ReevaluationSchedule%" unresolved to the scale controller, which looks the name up among the app
    /// settings as written, where a "Reevaluation:Schedule" could only exist as "Reevaluation__Schedule".
    /// </summary>
    public const string ScheduleSetting = "ReevaluationSchedule";

    /// <summary>The former name (Reevaluation__Schedule), still read by the local host when the new one is not set.</summary>
    public const string FormerScheduleSetting = "Reevaluation:Schedule";

    /// <summary>The schedule used when the setting is not changed: every day at 02:00 UTC.</summary>
    public const string DefaultSchedule = "0 0 2 * * *";

    /// <summary>The audit log's action of a nightly the timer started (staff starts are their route's).</summary>
    public const string NightlyStartedAction = "NightlyStarted";

    /// <summary>How the nightly starts: the singleton of its day.</summary>
    public static BatchRunType Run { get; } = new(
        ReevaluationOrchestrator.Kind,
        nameof(ReevaluationOrchestrator),
        Singleton: true,
        "No program definition is active: store and activate one before starting a re-evaluation.");

    /// <summary>The singleton instance id of the run of a UTC day.</summary>
    public static string InstanceIdFor(DateOnly date) =>
        "reeval-" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Starts today's run from the timer; does nothing (and logs) when no definition is active yet.</summary>
    public async Task<RunStartResult?> StartFromTimerAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var today = Today();
        if (!await starts.HasActiveDefinitionAsync(cancellationToken))
        {
            LogNoDefinition(logger, today);
            return null;
        }

        var result = await StartAsync(client, today, AuditRecorder.TimerActor, cancellationToken);
        LogTimerStart(logger, result.InstanceId, result.Started);
        if (result.Started)
        {
            await audit.RecordAsync(AuditRecorder.TimerActor, NightlyStartedAction, null, "run " + result.InstanceId, cancellationToken);
        }

        return result;
    }

    /// <summary>Starts the run of <paramref name="date"/> unless it exists.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Part of the starter's API: the timer, staff and tests call it on the starter they hold.")]
    public Task<RunStartResult> StartAsync(DurableTaskClient client, DateOnly date, string startedBy, CancellationToken cancellationToken = default) =>
        BatchRunStarts.StartAsync(client, Run, InstanceIdFor(date), new ReevaluationInput(date, startedBy), cancellationToken);

    /// <summary>
    /// POST staff/reevaluations, body {"date": "yyyy-MM-dd"} optional. 202 with the status URL when started, 200 with
    /// the existing run's status when that day's run exists, 400 for a bad date, 409 when no definition is active.
    /// </summary>
    public Task<IResult> StartFromStaffAsync(HttpRequest request, DurableTaskClient client, string staffId, CancellationToken cancellationToken = default) =>
        starts.StartFromStaffAsync(request, client, staffId, Run, (startedBy, ct) => ReadAsync(request, startedBy, ct), cancellationToken);

    /// <summary>The console's "Start the nightly now": today's run, as the API's start without a date.</summary>
    public Task<IResult> StartFromPageAsync(RouteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var today = Today();
        return starts.StartFromPageAsync(call.Client, Run, StaffRunStart.Of(InstanceIdFor(today), new ReevaluationInput(today, call.StaffId)), call.CancellationToken);
    }

    private async Task<StaffRunStart> ReadAsync(HttpRequest request, string startedBy, CancellationToken cancellationToken)
    {
        var today = Today();
        var date = today;
        if (HasBody(request))
        {
            var (body, problem) = await ApiJson.ReadAsync<StartReevaluationRequest>(request, cancellationToken);
            if (problem is not null)
            {
                return StaffRunStart.Refused(problem);
            }

            date = body!.Date ?? today;
        }

        return date > today
            ? StaffRunStart.Refused(ApiProblems.Validation(new FieldError("date", "must not be after today (UTC): a run evaluates the evidence of its day.")))
            : StaffRunStart.Of(InstanceIdFor(date), new ReevaluationInput(date, startedBy));
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.ContentType is not null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nightly re-evaluation of {Date} not started: no program definition is active")]
    private static partial void LogNoDefinition(ILogger logger, DateOnly date);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly re-evaluation {InstanceId} requested by the timer (started: {Started})")]
    private static partial void LogTimerStart(ILogger logger, string instanceId, bool started);
}
