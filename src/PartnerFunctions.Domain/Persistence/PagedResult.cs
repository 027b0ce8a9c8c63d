namespace PartnerFunctions.Domain.Persistence;

/// <summary>One page of a listing.</summary>
/// <param name="Items">The items of this page, in the listing's order.</param>
/// <param name="ContinuationToken">Opaque token for the next page; null when this page is the last one.</param>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, string? ContinuationToken);
