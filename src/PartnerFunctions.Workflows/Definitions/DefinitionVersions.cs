using Microsoft.Extensions.Logging;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Definitions;

/// <summary>How storing a definition version ended.</summary>
public enum DefinitionStoreOutcome
{
    /// <summary>A new version was written.</summary>
    Stored,

    /// <summary>The same definition was stored before: nothing written.</summary>
    AlreadyStored,

    /// <summary>A different definition is stored under that id and version (stored versions never change).</summary>
    VersionTaken,
}

/// <summary>How activating a version ended.</summary>
public enum DefinitionActivationOutcome
{
    Activated,

    /// <summary>That version is active already: nothing switched.</summary>
    AlreadyActive,

    /// <summary>The active version changed since the caller read it (its ETag no longer matches).</summary>
    Stale,

    /// <summary>No such stored version.</summary>
    UnknownVersion,
}

/// <summary>What storing gave: the stored version (null when <see cref="DefinitionStoreOutcome.VersionTaken"/>).</summary>
public sealed record DefinitionStoreResult(DefinitionStoreOutcome Outcome, StoredProgramDefinition? Stored);

/// <summary>What activating gave: the active version after it (null when stale or unknown).</summary>
public sealed record DefinitionActivationResult(DefinitionActivationOutcome Outcome, ActiveDefinitionResponse? Active);

/// <summary>
/// Storing and activating definition versions, as the staff API and the console's definitions page both do it:
/// stored versions never change; activation switches the pointer with an ETag-conditional write.
/// </summary>
public sealed partial class DefinitionVersions(IProgramDefinitionRepository repository, TimeProvider time, ILogger<DefinitionVersions> logger)
{
    /// <summary>Stores <paramref name="definition"/> (already validated) as a new version by <paramref name="staffId"/>.</summary>
    public async Task<DefinitionStoreResult> StoreAsync(ProgramDefinition definition, string staffId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var existing = await repository.GetVersionAsync(definition.Id, definition.Version, cancellationToken);
        if (existing is not null)
        {
            return SameContent(existing.Definition, definition)
                ? new(DefinitionStoreOutcome.AlreadyStored, existing)
                : new(DefinitionStoreOutcome.VersionTaken, null);
        }

        try
        {
            var stored = await repository.StoreVersionAsync(definition, staffId, time.GetUtcNow(), cancellationToken);
            LogStored(logger, definition.VersionTag, staffId);
            return new(DefinitionStoreOutcome.Stored, stored);
        }
        catch (ConcurrencyConflictException)
        {
            // Someone stored a different definition under this id and version between the read and the write.
            return new(DefinitionStoreOutcome.VersionTaken, null);
        }
    }

    /// <summary>
    /// Makes version <paramref name="version"/> of <paramref name="id"/> the active one. When
    /// <paramref name="conditional"/>, only if the active pointer still has <paramref name="expectedETag"/> (null: no
    /// version was active when the caller read it); otherwise against whatever is active now.
    /// </summary>
    public async Task<DefinitionActivationResult> ActivateAsync(string id, int version, bool conditional, string? expectedETag, string staffId, CancellationToken cancellationToken = default)
    {
        if (await repository.GetVersionAsync(id, version, cancellationToken) is null)
        {
            return new(DefinitionActivationOutcome.UnknownVersion, null);
        }

        var active = await repository.GetActiveAsync(cancellationToken);
        if (conditional && !string.Equals(active?.PointerETag, expectedETag, StringComparison.Ordinal))
        {
            return new(DefinitionActivationOutcome.Stale, null);
        }

        if (active is not null && active.Stored.Definition.Id == id && active.Stored.Definition.Version == version)
        {
            // Already active: nothing to switch, and the pointer (and its ETag) stays as it is.
            AuditScope.Current?.NothingChanged();
            return new(DefinitionActivationOutcome.AlreadyActive, DefinitionHandlers.ToResponse(active));
        }

        var activatedAt = time.GetUtcNow();
        string etag;
        try
        {
            etag = await repository.ActivateAsync(id, version, active?.PointerETag, staffId, activatedAt, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return new(DefinitionActivationOutcome.Stale, null);
        }
        catch (KeyNotFoundException)
        {
            return new(DefinitionActivationOutcome.UnknownVersion, null);
        }

        var tag = FormattableString.Invariant($"{id}@v{version}");
        AuditScope.Current?.Change("active definition", active is null ? null : new { active = active.Stored.Definition.VersionTag }, new { active = tag });
        LogActivated(logger, tag, staffId);
        return new(DefinitionActivationOutcome.Activated, new ActiveDefinitionResponse(id, version, tag, activatedAt, staffId, etag));
    }

    private static bool SameContent(ProgramDefinition a, ProgramDefinition b) =>
        string.Equals(ProgramDefinitionLoader.ToJson(a), ProgramDefinitionLoader.ToJson(b), StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Program definition {VersionTag} stored by {StaffId}")]
    private static partial void LogStored(ILogger logger, string versionTag, string staffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Program definition {VersionTag} activated by {StaffId}")]
    private static partial void LogActivated(ILogger logger, string versionTag, string staffId);
}
