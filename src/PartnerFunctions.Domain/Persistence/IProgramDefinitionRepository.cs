using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Domain.Persistence;

/// <summary>A stored version of a program definition.</summary>
/// <param name="Json">The definition's JSON document as stored (what <see cref="ProgramDefinitionLoader.ToJson"/> wrote).</param>
/// <param name="BlobName">Where the same JSON is kept as a file.</param>
public sealed record StoredProgramDefinition(
    ProgramDefinition Definition,
    string Json,
    string BlobName,
    DateTimeOffset StoredAt,
    string StoredBy);

/// <summary>A stored version without its document, for listings.</summary>
public sealed record ProgramDefinitionVersionInfo(string Id, int Version, string? Description, DateTimeOffset StoredAt, string StoredBy, string BlobName);

/// <summary>The active definition with the concurrency token of the "which version is active" pointer.</summary>
/// <param name="PointerETag">Pass it to <see cref="IProgramDefinitionRepository.ActivateAsync"/> to switch versions.</param>
public sealed record ActiveProgramDefinition(
    StoredProgramDefinition Stored,
    DateTimeOffset ActivatedAt,
    string ActivatedBy,
    string PointerETag);

/// <summary>Program definitions: every version kept (never changed once stored) and a pointer to the active one.</summary>
public interface IProgramDefinitionRepository
{
    /// <summary>
    /// Stores a new version (row and JSON file). Storing the same JSON again returns the stored version; a different
    /// definition under an existing id and version throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task<StoredProgramDefinition> StoreVersionAsync(ProgramDefinition definition, string storedBy, DateTimeOffset storedAt, CancellationToken cancellationToken = default);

    /// <summary>A stored version, or null.</summary>
    Task<StoredProgramDefinition?> GetVersionAsync(string id, int version, CancellationToken cancellationToken = default);

    /// <summary>The active definition, or null before the first activation.</summary>
    Task<ActiveProgramDefinition?> GetActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes a stored version the active one, only if the pointer still has <paramref name="expectedPointerETag"/>
    /// (null: only if no version was ever activated). Throws <see cref="ConcurrencyConflictException"/> when someone
    /// else switched first, and <see cref="KeyNotFoundException"/> when the version is not stored. Returns the
    /// pointer's new concurrency token.
    /// </summary>
    Task<string> ActivateAsync(string id, int version, string? expectedPointerETag, string activatedBy, DateTimeOffset activatedAt, CancellationToken cancellationToken = default);

    /// <summary>All stored versions (of every id), in id then version order.</summary>
    Task<IReadOnlyList<ProgramDefinitionVersionInfo>> ListVersionsAsync(CancellationToken cancellationToken = default);
}
