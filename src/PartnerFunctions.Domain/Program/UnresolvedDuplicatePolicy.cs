namespace PartnerFunctions.Domain.Program;

/// <summary>
/// What an unresolved duplicate (the same customer reference or person claimed by two partners or more, found by the
/// latest nightly and not yet resolved by program staff) does to the partners' evaluations: the definition's
/// <c>unresolvedDuplicates</c> setting.
/// </summary>
public enum UnresolvedDuplicatePolicy
{
    /// <summary>"count" (the default): each copy still counts for its partner, flagged on the duplicates report and page.</summary>
    Count,
}

/// <summary>The setting's names in the definition document.</summary>
public static class UnresolvedDuplicatePolicies
{
    public const string CountName = "count";

    /// <summary>Asked for in the issue; not built (see the README): a definition naming it is refused.</summary>
    public const string ExcludeName = "exclude";

    public static string NameOf(UnresolvedDuplicatePolicy policy) => policy switch
    {
        UnresolvedDuplicatePolicy.Count => CountName,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };

    /// <summary>The policy of a name, or null when the name is not one the program supports.</summary>
    public static UnresolvedDuplicatePolicy? Parse(string? name) => name switch
    {
        CountName => UnresolvedDuplicatePolicy.Count,
        _ => null,
    };
}
