namespace PartnerFunctions.Domain.Program;

/// <summary>A rule a program definition breaks, at a JSON path such as "competencies[3].levels.expert.minAccreditedPeople".</summary>
public sealed record DefinitionError(string Path, string Message)
{
    public override string ToString() => $"{Path} {Message}";
}

/// <summary>Either a valid definition or every error found; never a partly built definition.</summary>
public sealed record DefinitionLoadResult(ProgramDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool IsValid => Definition is not null;
}

/// <summary>Thrown by <see cref="ProgramDefinitionLoader.LoadOrThrow"/> with every error found.</summary>
public sealed class InvalidProgramDefinitionException : Exception
{
    public InvalidProgramDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base("Invalid program definition: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public InvalidProgramDefinitionException()
        : this([])
    {
    }

    public InvalidProgramDefinitionException(string message)
        : base(message)
    {
        Errors = [];
    }

    public InvalidProgramDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<DefinitionError> Errors { get; }
}
