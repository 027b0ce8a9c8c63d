using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>Body of POST staff/duplicates/resolutions.</summary>
/// <param name="Key">The duplicate's key, as listed.</param>
/// <param name="KeeperPartnerId">The partner that keeps the reference (one of the claimants).</param>
public sealed record ResolveDuplicateRequest(string? Key, string? KeeperPartnerId);

/// <summary>The duplicates API (staff only, <see cref="DuplicateRoutes"/>).</summary>
public sealed class DuplicateHandlers(DuplicateReferences duplicates)
{
    /// <summary>GET staff/duplicates: the latest nightly's list, each claim's state as it is now.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        ApiResults.Ok(await duplicates.LatestAsync(cancellationToken));

    /// <summary>POST staff/duplicates/resolutions: 200 when resolved; 400 naming the field; 404 unknown key; 422 keeper not a claimant.</summary>
    public async Task<IResult> ResolveAsync(HttpRequest request, string staffId, CancellationToken cancellationToken)
    {
        var (body, problem) = await ApiJson.ReadAsync<ResolveDuplicateRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(body!.Key) || body.Key.Length > 600)
        {
            errors.Add(new FieldError("key", "is required: the key of a listed duplicate"));
        }

        if (ApiIds.Check("keeperPartnerId", body.KeeperPartnerId) is { } invalid)
        {
            errors.Add(invalid);
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        return await duplicates.ResolveAsync(body.Key!, body.KeeperPartnerId!, staffId, cancellationToken) switch
        {
            DuplicateResolution.Resolved => ApiResults.Ok(new { key = body.Key, keptBy = body.KeeperPartnerId }),
            DuplicateResolution.UnknownDuplicate => ApiProblems.NotFound("The latest nightly lists no duplicate with that key."),
            _ => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "not-a-claimant", "Not a claimant.", $"Partner '{body.KeeperPartnerId}' does not claim this reference.", new Dictionary<string, object?> { ["field"] = "keeperPartnerId" }),
        };
    }
}
