using System.Collections.Concurrent;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Common;

/// <summary>Identifies a stored definition version; what orchestrations pass around instead of the definition.</summary>
public sealed record DefinitionRef(string Id, int Version)
{
    public static DefinitionRef Of(ProgramDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new(definition.Id, definition.Version);
    }

    public override string ToString() => FormattableString.Invariant($"{Id}@v{Version}");
}

/// <summary>Thrown when no program definition has been activated yet.</summary>
public sealed class NoActiveDefinitionException : InvalidOperationException
{
    public NoActiveDefinitionException()
        : base("No program definition is active: store and activate one first (POST /api/staff/definitions, then .../activate).")
    {
    }

    public NoActiveDefinitionException(string message)
        : base(message)
    {
    }

    public NoActiveDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads program definitions for activities. Stored versions never change, so they are cached for the life of the
/// process; the active pointer is read each time (it is one point read).
/// </summary>
public sealed class ProgramDefinitionCache(IProgramDefinitionRepository repository)
{
    private readonly ConcurrentDictionary<DefinitionRef, ProgramDefinition> _versions = new();

    /// <summary>The active definition.</summary>
    public async Task<ProgramDefinition> GetActiveAsync(CancellationToken cancellationToken = default)
    {
        return await GetActiveOrNullAsync(cancellationToken) ?? throw new NoActiveDefinitionException();
    }

    /// <summary>The active definition, or null when none is active (a page shows what it can without one).</summary>
    public async Task<ProgramDefinition?> GetActiveOrNullAsync(CancellationToken cancellationToken = default)
    {
        var active = await repository.GetActiveAsync(cancellationToken);
        if (active is null)
        {
            return null;
        }

        var definition = active.Stored.Definition;
        _versions.TryAdd(DefinitionRef.Of(definition), definition);
        return definition;
    }

    /// <summary>A stored version (cached).</summary>
    public async Task<ProgramDefinition> GetAsync(DefinitionRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (_versions.TryGetValue(reference, out var cached))
        {
            return cached;
        }

        var stored = await repository.GetVersionAsync(reference.Id, reference.Version, cancellationToken)
            ?? throw new KeyNotFoundException($"Program definition {reference} is not stored.");
        return _versions.GetOrAdd(reference, stored.Definition);
    }
}
