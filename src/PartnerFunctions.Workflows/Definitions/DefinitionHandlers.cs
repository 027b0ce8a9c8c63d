using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Http;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>
/// Staff endpoints for program definitions: validate, store a version, list, read, activate. Stored versions never
/// change; activating one switches a pointer with an ETag-conditional write. Reached through
/// <see cref="DefinitionRoutes"/>, staff only: <c>staffId</c> is the staff member the route's check identified.
/// </summary>
public sealed class DefinitionHandlers(IProgramDefinitionRepository repository, DefinitionVersions versions)
{
    /// <summary>Largest definition document accepted.</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    /// <summary>POST staff/definitions/validate: 200 {valid:true, ...} or 400 listing every error with its path. Writes nothing.</summary>
    public static async Task<IResult> ValidateDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, problem) = await ReadDefinitionAsync(request, cancellationToken);
        return problem ?? ApiResults.Ok(new DefinitionValidResponse(true, definition!.Id, definition.Version, definition.VersionTag, definition.Competencies.Count));
    }

    /// <summary>
    /// POST staff/definitions: stores a new version (201). The same definition again is 200 (nothing written); a
    /// different definition under an id and version already stored is 409. Storing does not activate.
    /// </summary>
    public async Task<IResult> PostDefinitionAsync(HttpRequest request, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (definition, problem) = await ReadDefinitionAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await versions.StoreAsync(definition!, staffId, cancellationToken);
        return result.Outcome switch
        {
            DefinitionStoreOutcome.Stored => ApiResults.Created(Location(definition!.Id, definition.Version), Stored(result.Stored!, alreadyStored: false)),
            DefinitionStoreOutcome.AlreadyStored => ApiResults.Ok(Stored(result.Stored!, alreadyStored: true)),
            _ => VersionTaken(definition!),
        };
    }

    /// <summary>GET staff/definitions: every stored version and the active one (with the ETag to activate against).</summary>
    public async Task<IResult> ListDefinitionsAsync(CancellationToken cancellationToken)
    {
        var versions = await repository.ListVersionsAsync(cancellationToken);
        var active = await repository.GetActiveAsync(cancellationToken);
        return ApiResults.Ok(DefinitionListResponse.From(active, versions), active?.PointerETag);
    }

    /// <summary>GET staff/definitions/{id}/versions/{version}: the stored JSON document of a version.</summary>
    public async Task<IResult> GetDefinitionAsync(string id, string version, CancellationToken cancellationToken)
    {
        if (CheckRoute(id, version, out var number) is { } invalid)
        {
            return invalid;
        }

        var stored = await repository.GetVersionAsync(id, number, cancellationToken);
        return stored is null ? UnknownVersion(id, number) : ApiResults.RawJson(stored.Json);
    }

    /// <summary>
    /// POST staff/definitions/{id}/versions/{version}/activate: makes a stored version the active one. With If-Match
    /// (the ETag from GET staff/definitions) it only switches if nobody switched since: 412 otherwise.
    /// </summary>
    public async Task<IResult> ActivateDefinitionAsync(HttpRequest request, string id, string version, string staffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckRoute(id, version, out var number) is { } invalid)
        {
            return invalid;
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        var conditional = !string.IsNullOrEmpty(ifMatch) && ifMatch != "*";
        var result = await versions.ActivateAsync(id, number, conditional, ifMatch, staffId, cancellationToken);
        return result.Outcome switch
        {
            DefinitionActivationOutcome.Activated or DefinitionActivationOutcome.AlreadyActive => ApiResults.Ok(result.Active!, result.Active!.ETag),
            DefinitionActivationOutcome.Stale => ActivationRaceLost(),
            _ => UnknownVersion(id, number),
        };
    }

    /// <summary>The URL path of a stored version.</summary>
    public static string Location(string id, int version) =>
        "/api/staff/definitions/" + Uri.EscapeDataString(id) + "/versions/" + version.ToString(CultureInfo.InvariantCulture);

    internal static ActiveDefinitionResponse ToResponse(ActiveProgramDefinition active)
    {
        var definition = active.Stored.Definition;
        return new ActiveDefinitionResponse(definition.Id, definition.Version, definition.VersionTag, active.ActivatedAt, active.ActivatedBy, active.PointerETag);
    }

    private static DefinitionStoredResponse Stored(StoredProgramDefinition stored, bool alreadyStored) =>
        new(stored.Definition.Id, stored.Definition.Version, stored.Definition.VersionTag, stored.StoredAt, stored.StoredBy, alreadyStored);

    private static IResult VersionTaken(ProgramDefinition definition) =>
        ApiProblems.Conflict($"{definition.VersionTag} is stored already with a different content; stored versions never change, so post it as a new version.");

    private static IResult UnknownVersion(string id, int version) =>
        ApiProblems.NotFound(FormattableString.Invariant($"Program definition {id}@v{version} is not stored."));

    private static IResult ActivationRaceLost() =>
        ApiProblems.PreconditionFailed("The active definition changed since you read it (If-Match does not match): read GET /api/staff/definitions again and decide.");

    private static IResult? CheckRoute(string id, string version, out int number)
    {
        var errors = new List<FieldError>();
        if (ApiIds.Check("id", id) is { } idError)
        {
            errors.Add(idError);
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)
        {
            errors.Add(new FieldError("version", "must be a whole number of at least 1"));
        }

        return errors.Count == 0 ? null : ApiProblems.Validation(errors);
    }

    private static async Task<(ProgramDefinition? Definition, IResult? Problem)> ReadDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ApiJson.IsJson(request))
        {
            return (null, ApiProblems.UnsupportedMediaType("Content-Type", "Send the program definition as application/json."));
        }

        if (request.ContentLength > MaxDefinitionBytes)
        {
            return (null, ApiProblems.TooLarge("body", FormattableString.Invariant($"A program definition is at most {MaxDefinitionBytes} bytes.")));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDefinitionBytes)
            {
                return (null, ApiProblems.TooLarge("body", FormattableString.Invariant($"A program definition is at most {MaxDefinitionBytes} bytes.")));
            }

            buffer.Write(chunk, 0, read);
        }

        var (loaded, errors) = Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return loaded is not null ? (loaded, null) : (null, ApiProblems.Validation(errors.ToArray()));
    }

    /// <summary>
    /// Validates a definition document (UTF-8 JSON) with the definition loader: the definition, or every error at its
    /// JSON path. What the API's validate and store routes and the console's upload form all check.
    /// </summary>
    public static (ProgramDefinition? Definition, IReadOnlyList<FieldError> Errors) Load(ReadOnlySpan<byte> utf8)
    {
        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return (null, [new FieldError("$", "is not UTF-8 text")]);
        }

        return Load(json);
    }

    /// <summary>Validates a definition document with the definition loader (see <see cref="Load(ReadOnlySpan{byte})"/>).</summary>
    public static (ProgramDefinition? Definition, IReadOnlyList<FieldError> Errors) Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var result = ProgramDefinitionLoader.Load(json);
        return result.Definition is not null
            ? (result.Definition, [])
            : (null, result.Errors.Select(e => new FieldError(e.Path, e.Message)).ToArray());
    }
}
