using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using PartnerFunctions.Domain.Evaluation;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Certification;

/// <summary>Optional body of a certification start.</summary>
/// <param name="RequestedBy">Who asks (recorded in the run); the partner itself when absent.</param>
public sealed record StartCertificationRequest(string? RequestedBy);

/// <summary>202 body of a certification start.</summary>
public sealed record CertificationStarted(string InstanceId, string PartnerId, string CompetencyId, string StatusUrl);

/// <summary>Body of the certification status.</summary>
/// <param name="CustomStatus">The current step, pending approvals and answers so far.</param>
/// <param name="Output">The outcome, once completed.</param>
/// <param name="Failure">Why it failed, when it did.</param>
public sealed record CertificationStatusResponse(
    string InstanceId,
    string PartnerId,
    string CompetencyId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    CertificationStatus? CustomStatus,
    CertificationOutput? Output,
    string? Failure);

/// <summary>
/// Partner endpoints of the certification workflow: start one (one per partner and competency at a time, through
/// <see cref="CertificationStarter"/>) and read its status. Shared by the Functions app and the local host through
/// <see cref="CertificationRoutes"/> (partner id and access checked there).
/// </summary>
public sealed class CertificationHandlers(IPartnerRepository partners, CertificationStarter starter)
{
    private const int MaxRequestedByLength = 200;

    /// <summary>
    /// POST partners/{partnerId}/certifications/{competencyId}: 202 with Location = the status URL; 404 unknown partner;
    /// 400 unknown competency; 409 while a certification of that competency runs (its status URL in Location and in the
    /// problem's <c>statusUrl</c>) or when no definition is active; 422 listing what is missing when Principal is out of
    /// reach even with every reference awaiting review approved (nothing started, no approval requested).
    /// </summary>
    public async Task<IResult> StartAsync(HttpRequest request, string partnerId, string competencyId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var problem = await CheckAsync(partnerId, competencyId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        string requestedBy = "partner:" + partnerId;
        if (HasBody(request))
        {
            var (body, bodyProblem) = await ApiJson.ReadAsync<StartCertificationRequest>(request, cancellationToken);
            if (bodyProblem is not null)
            {
                return bodyProblem;
            }

            if (body!.RequestedBy is { } who)
            {
                if (string.IsNullOrWhiteSpace(who) || who.Length > MaxRequestedByLength)
                {
                    return ApiProblems.Validation(new FieldError("requestedBy", $"must be 1-{MaxRequestedByLength} characters when given"));
                }

                requestedBy = who.Trim();
            }
        }

        var start = await starter.StartAsync(client, partnerId, competencyId, requestedBy, cancellationToken);
        return start.Outcome switch
        {
            CertificationStartOutcome.Started => ApiResults.Accepted(start.StatusUrl, new CertificationStarted(start.InstanceId, partnerId, competencyId, start.StatusUrl)),
            CertificationStartOutcome.AlreadyRunning => AlreadyRunning(start),
            CertificationStartOutcome.UnknownCompetency => ApiProblems.Validation(new FieldError("competencyId", $"is not a competency of the active program definition ({start.DefinitionVersion})")),
            CertificationStartOutcome.UnknownPartner => ApiProblems.UnknownPartner(partnerId),
            CertificationStartOutcome.CannotReachPrincipal => OutOfReach(competencyId, start.Precheck!),
            _ => ApiProblems.NoActiveDefinition(),
        };
    }

    /// <summary>
    /// GET partners/{partnerId}/certifications/{competencyId}: the runtime status, the custom status (step, pending
    /// approvals) and, once completed, the outcome. 404 for an unknown partner or when none was started.
    /// </summary>
    public async Task<IResult> GetStatusAsync(HttpRequest request, string partnerId, string competencyId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var problem = await CheckAsync(partnerId, competencyId, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var status = await CertificationStatusReader.ReadAsync(client, partnerId, competencyId, cancellationToken);
        return status is null
            ? ApiProblems.NotFound($"No certification of partner '{partnerId}' in '{competencyId}' was started.")
            : ApiResults.Ok(status);
    }

    // 422 listing Principal's unmet clauses, each as the receipts give them (clause, required, actual, shortfall).
    private static IResult OutOfReach(string competencyId, CertificationPrecheck precheck)
    {
        var missing = string.Join(", ", precheck.MissingForPrincipal.Select(c => FormattableString.Invariant($"{JsonNamingPolicy.CamelCase.ConvertName(c.Clause.ToString())} {c.Actual ?? 0} of {c.Required}")));
        return ApiProblems.Problem(
            StatusCodes.Status422UnprocessableEntity,
            "certification-out-of-reach",
            "The certification cannot grant Principal.",
            $"Even with every reference awaiting review approved, Principal in '{competencyId}' still misses: {missing}. Nothing was started and no approval was requested.",
            new Dictionary<string, object?>
            {
                ["competencyId"] = competencyId,
                ["missing"] = precheck.MissingForPrincipal.Select(c => new Dictionary<string, object?>
                {
                    ["clause"] = JsonNamingPolicy.CamelCase.ConvertName(c.Clause.ToString()),
                    ["required"] = c.Required,
                    ["actual"] = c.Actual,
                    ["met"] = c.Met,
                    ["shortfall"] = c.Shortfall,
                }).ToArray(),
            });
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0 || (request.ContentLength is null && request.ContentType is not null);

    private static LocationResult AlreadyRunning(CertificationStart start) =>
        new LocationResult(
            ApiProblems.Conflict(
                $"A certification of this competency is already {start.Status.GetValueOrDefault(OrchestrationRuntimeStatus.Running).ToString().ToLowerInvariant()}: follow it at statusUrl.",
                new Dictionary<string, object?> { ["statusUrl"] = start.StatusUrl, ["instanceId"] = start.InstanceId }),
            start.StatusUrl);

    // The competency id and the partner's existence (the route checked the partner id and access): the problem, or null.
    private async Task<IResult?> CheckAsync(string partnerId, string competencyId, CancellationToken cancellationToken)
    {
        var invalid = ApiIds.Validate(("competencyId", competencyId));
        if (invalid is not null)
        {
            return invalid;
        }

        return await partners.GetProfileAsync(partnerId, cancellationToken) is null
            ? ApiProblems.UnknownPartner(partnerId)
            : null;
    }
}

/// <summary>A result with a Location header added (e.g. a 409 problem pointing at the running instance).</summary>
public sealed class LocationResult(IResult inner, string location) : IResult, IStatusCodeHttpResult
{
    /// <summary>The wrapped result.</summary>
    public IResult Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The Location header.</summary>
    public string Location { get; } = location ?? throw new ArgumentNullException(nameof(location));

    /// <inheritdoc />
    public int? StatusCode => (Inner as IStatusCodeHttpResult)?.StatusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.Location = Location;
        return Inner.ExecuteAsync(httpContext);
    }
}
