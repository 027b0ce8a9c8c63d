namespace PartnerFunctions.Domain.Persistence;

/// <summary>
/// A conditional write lost a race: the stored row changed since it was read (its concurrency token no longer
/// matches), or a row that had to be absent already exists. Nothing was written; re-read and decide again.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The stored data changed since it was read.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
