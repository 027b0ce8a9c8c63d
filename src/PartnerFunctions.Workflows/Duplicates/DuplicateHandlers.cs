using Microsoft.AspNetCore.Http;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Duplicates;

/// <summary>Body of POST staff/duplicates/resolutions.</summary>
/// <param name="Key">The duplicate's key, as listed.</param>
/// <param name="KeeperPartnerId">The partner that keeps the reference or the person (one of the claimants).</param>
/// <param name="Kind">"reference" (the default, as before people were listed) or "person".</param>
public sealed record ResolveDuplicateRequest(string? Key, string? KeeperPartnerId, string? Kind = null);

/// <summary>The duplicates API (staff only, <see cref="DuplicateRoutes"/>).</summary>
public sealed class DuplicateHandlers(DuplicateReferences duplicates, DuplicatePeople people)
{
    /// <summary>GET staff/duplicates: the latest nightly's list, each claim's state as it is now.</summary>
    public async Task<IResult> ListAsync(CancellationToken cancellationToken) =>
        ApiResults.Ok(await duplicates.LatestAsync(cancellationToken));

    /// <summary>The kinds of duplicate a resolution names.</summary>
    public const string ReferenceKind = "reference";
    public const string PersonKind = "person";

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

        var kind = body.Kind ?? ReferenceKind;
        if (kind is not (ReferenceKind or PersonKind))
        {
            errors.Add(new FieldError("kind", "must be \"reference\" or \"person\""));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var person = kind == PersonKind;
        var outcome = person
            ? await people.ResolveAsync(body.Key!, body.KeeperPartnerId!, staffId, cancellationToken)
            : await duplicates.ResolveAsync(body.Key!, body.KeeperPartnerId!, staffId, cancellationToken);
        return outcome switch
        {
            DuplicateResolution.Resolved => ApiResults.Ok(new { key = body.Key, keptBy = body.KeeperPartnerId, kind }),
            DuplicateResolution.UnknownDuplicate => ApiProblems.NotFound($"The latest nightly lists no {kind} duplicate with that key."),
            _ => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "not-a-claimant", "Not a claimant.", $"Partner '{body.KeeperPartnerId}' does not claim this {(person ? "person (or no longer counts them)" : "reference")}.", new Dictionary<string, object?> { ["field"] = "keeperPartnerId" }),
        };
    }
}
