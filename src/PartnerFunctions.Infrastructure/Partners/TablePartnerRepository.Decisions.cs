using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>Tier decisions: written with the partner's new status in one transaction, replay-safe, listed newest first.</summary>
public sealed partial class TablePartnerRepository
{
    public async Task<DecisionWriteResult> RecordDecisionAsync(TierDecision decision, PartnerStatus newStatus, string expectedProfileETag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(newStatus);
        ArgumentException.ThrowIfNullOrEmpty(decision.DecisionId);
        var etag = TableErrors.ToETag(expectedProfileETag);
        var status = newStatus with { LastDecisionId = decision.DecisionId };

        // One transaction: the decision-id marker, the decision row, the profile's status (If-Match). The marker goes
        // first: a replay of the same decision id fails on it (409) whatever its timestamp, before anything else.
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, PartnerRows.DecisionIdMarker(decision)),
            new(TableTransactionActionType.Add, PartnerRows.Decision(decision)),
            new(TableTransactionActionType.UpdateMerge, PartnerRows.ProfileStatus(decision.PartnerId, status), etag),
        ];
        try
        {
            var response = await _table.SubmitTransactionAsync(actions, cancellationToken);
            var profileETag = response.Value.Count > 2 ? response.Value[2].Headers.ETag?.ToString() : null;
            if (string.IsNullOrEmpty(profileETag))
            {
                profileETag = (await GetProfileAsync(decision.PartnerId, cancellationToken))?.ETag ?? string.Empty;
            }

            await IndexDecisionAsync(decision.PartnerId, expectedProfileETag, profileETag, status, cancellationToken);
            return new DecisionWriteResult(DecisionWriteOutcome.Applied, profileETag);
        }
        catch (RequestFailedException ex) when (TableErrors.IsLostRace(ex))
        {
            var profile = await GetProfileAsync(decision.PartnerId, cancellationToken)
                ?? throw new KeyNotFoundException($"Partner {decision.PartnerId} does not exist.");
            if (await DecisionWrittenAsync(decision, ex, profile, cancellationToken))
            {
                // A replay: the first attempt may have stopped between the decision and its index entry.
                await _index.ReindexAsync(decision.PartnerId, profile, cancellationToken);
                return new DecisionWriteResult(DecisionWriteOutcome.AlreadyApplied, profile.ETag);
            }

            throw TableErrors.Conflict($"Profile of partner {decision.PartnerId}", ex);
        }
    }

    public async Task<PagedResult<TierDecision>> ListDecisionsAsync(string partnerId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var pk = PartnerRows.PartitionKey(partnerId);
        var prefix = PartnerRows.KindPrefix(pk, PartnerRows.DecisionKind);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey gt {prefix} and RowKey lt {KeyEncoding.UpperBound(prefix)}");
        await foreach (var page in _table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return new PagedResult<TierDecision>(page.Values.Select(PartnerRows.ToDecision).ToArray(), page.ContinuationToken);
        }

        return new PagedResult<TierDecision>([], null);
    }

    // A replay: the marker's insert conflicted, or the profile names this decision as its last one, or (when the
    // service did not say which action failed) the marker row exists.
    private async Task<bool> DecisionWrittenAsync(TierDecision decision, RequestFailedException failure, PartnerProfile profile, CancellationToken cancellationToken)
    {
        if ((TableErrors.FailedIndex(failure) == 0 && TableErrors.IsConflict(failure))
            || string.Equals(profile.Status.LastDecisionId, decision.DecisionId, StringComparison.Ordinal))
        {
            return true;
        }

        if (TableErrors.FailedIndex(failure) is not null)
        {
            return false;
        }

        var pk = PartnerRows.PartitionKey(decision.PartnerId);
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.DecisionIdKey(pk, decision.DecisionId), select: ["RowKey"], cancellationToken: cancellationToken);
        return marker.HasValue;
    }
}
