using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>A definition that passed validation.</summary>
public sealed record DefinitionValidResponse(bool Valid, string Id, int Version, string VersionTag, int Competencies);

/// <summary>A stored definition version.</summary>
/// <param name="AlreadyStored">True when the same definition was stored before (nothing written).</param>
public sealed record DefinitionStoredResponse(string Id, int Version, string VersionTag, DateTimeOffset StoredAt, string StoredBy, bool AlreadyStored);

/// <summary>One stored version in the listing.</summary>
public sealed record DefinitionVersionResponse(string Id, int Version, string VersionTag, string? Description, DateTimeOffset StoredAt, string StoredBy, bool Active);

/// <summary>The active version and when it was activated.</summary>
/// <param name="ETag">Send it as If-Match when activating another version, to be sure nobody switched in between.</param>
public sealed record ActiveDefinitionResponse(string Id, int Version, string VersionTag, DateTimeOffset ActivatedAt, string ActivatedBy, string ETag);

/// <summary>Every stored version, and which is active (null before the first activation).</summary>
public sealed record DefinitionListResponse(ActiveDefinitionResponse? Active, IReadOnlyList<DefinitionVersionResponse> Versions)
{
    public static DefinitionListResponse From(ActiveProgramDefinition? active, IReadOnlyList<ProgramDefinitionVersionInfo> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var activeDefinition = active?.Stored.Definition;
        return new DefinitionListResponse(
            active is null ? null : DefinitionHandlers.ToResponse(active),
            versions.Select(v => new DefinitionVersionResponse(
                v.Id,
                v.Version,
                FormattableString.Invariant($"{v.Id}@v{v.Version}"),
                v.Description,
                v.StoredAt,
                v.StoredBy,
                activeDefinition is not null && activeDefinition.Id == v.Id && activeDefinition.Version == v.Version)).ToArray());
    }
}
