using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Common;

/// <summary>
/// Writes the audit log's lines: one for every write request that succeeded (who, when, the operation, the partner,
/// before → after from its <see cref="AuditScope"/>, the request id and status), and one for each run a timer started.
/// </summary>
public sealed class AuditRecorder(IAuditLog log, TimeProvider clock)
{
    /// <summary>The actor of the nightly timer's starts.</summary>
    public const string TimerActor = "timer";

    /// <summary>
    /// The line of a write request that answered <paramref name="status"/>. None for a refusal (4xx, 5xx: nothing
    /// changed) unless the handler noted a change it made before refusing, and none when it said nothing changed.
    /// </summary>
    public async Task RecordRequestAsync(ApiRoute route, HttpContext context, IReadOnlyDictionary<string, string> routeValues, string? actor, AuditScope scope, int status)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.Changed || (status >= StatusCodes.Status400BadRequest && scope.Subject is null))
        {
            return;
        }

        routeValues.TryGetValue(ApiRoute.PartnerIdParameter, out var partnerId);
        var entry = new AuditEntry(
            NewId(),
            clock.GetUtcNow(),
            scope.Actor ?? actor ?? "anonymous",
            route.Name,
            partnerId ?? scope.PartnerId,
            scope.Subject ?? SubjectOf(route, routeValues),
            scope.Before,
            scope.After,
            Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier,
            status);

        // The write is done: a client that went away must not cost its audit line.
        await log.AppendAsync(entry, CancellationToken.None);

        // A distributor file changes many partners: each gets its line (by the same actor, request and time).
        await Parallel.ForEachAsync(
            scope.PartnerLines,
            new ParallelOptions { MaxDegreeOfParallelism = PartnerLinesInFlight },
            async (line, _) => await log.AppendAsync(entry with { Id = NewId(), PartnerId = line.PartnerId, Subject = line.Subject, Before = null, After = line.After }, CancellationToken.None));
    }

    private const int PartnerLinesInFlight = 8;

    /// <summary>A line for something no request did (a run the timer started).</summary>
    public Task RecordAsync(string actor, string action, string? partnerId, string? subject, CancellationToken cancellationToken = default) =>
        log.AppendAsync(new AuditEntry(NewId(), clock.GetUtcNow(), actor, action, partnerId, subject, null, null, null, null), cancellationToken);

    // The route's values other than the partner (e.g. "personId=p-1"): what was written, when the handler said no more.
    private static string? SubjectOf(ApiRoute route, IReadOnlyDictionary<string, string> values)
    {
        var parts = route.Parameters
            .Where(p => p != ApiRoute.PartnerIdParameter)
            .Select(p => p + "=" + values[p])
            .ToArray();
        return parts.Length == 0 ? null : string.Join(' ', parts);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
