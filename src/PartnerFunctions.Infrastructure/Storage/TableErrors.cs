using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Infrastructure.Storage;

/// <summary>Recognises the storage errors that mean "lost a race" and turns them into domain exceptions.</summary>
internal static class TableErrors
{
    /// <summary>409: the row (or table/container) exists already.</summary>
    public static bool IsConflict(RequestFailedException ex) => ex.Status == 409;

    /// <summary>412: the If-Match ETag no longer matches.</summary>
    public static bool IsPreconditionFailed(RequestFailedException ex) => ex.Status == 412;

    /// <summary>
    /// 404 for a row that does not exist (an update of a row deleted meanwhile). A missing table (TableNotFound) or
    /// container is not a lost race but a storage account nobody initialized: it is left to surface as an error.
    /// </summary>
    public static bool IsNotFound(RequestFailedException ex) => ex.Status == 404 && !IsMissingTableOrContainer(ex);

    /// <summary>404 because the table or blob container itself does not exist.</summary>
    public static bool IsMissingTableOrContainer(RequestFailedException ex) =>
        ex.Status == 404 && (ex.ErrorCode == "TableNotFound" || ex.ErrorCode == "ContainerNotFound");

    /// <summary>True for the errors a conditional write reports when another writer got there first.</summary>
    public static bool IsLostRace(RequestFailedException ex) => IsPreconditionFailed(ex) || IsConflict(ex) || IsNotFound(ex);

    /// <summary>The index of the failed action of a transaction, when the service said.</summary>
    public static int? FailedIndex(RequestFailedException ex) => ex is TableTransactionFailedException failed ? failed.FailedTransactionActionIndex : null;

    public static ConcurrencyConflictException Conflict(string what, RequestFailedException inner) =>
        new($"{what} changed since it was read (storage answered {inner.Status} {inner.ErrorCode}); re-read it and try again.", inner);

    /// <summary>An opaque concurrency token as the SDK wants it.</summary>
    public static ETag ToETag(string token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ArgumentException("A concurrency token (ETag) is required for a conditional write.", nameof(token));
        }

        return new ETag(token);
    }
}
