using Azure;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Evidence;
using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Infrastructure.Storage;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>One person, and the exclusion a resolved duplicate leaves on it (an insert-only row beside the person).</summary>
public sealed partial class TablePartnerRepository
{
    public async Task<Person?> GetPersonAsync(string partnerId, string personId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentException.ThrowIfNullOrEmpty(personId);
        var pk = PartnerRows.PartitionKey(partnerId);
        var person = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.PersonKey(pk, personId), cancellationToken: cancellationToken);
        if (!person.HasValue)
        {
            return null;
        }

        var exclusion = await _table.GetEntityIfExistsAsync<TableEntity>(pk, PartnerRows.ExclusionKey(pk, personId), cancellationToken: cancellationToken);
        var stored = PartnerRows.ToPerson(person.Value!);
        return exclusion.HasValue ? stored with { DuplicateOf = PartnerRows.ToExclusion(exclusion.Value!).KeeperPartnerId } : stored;
    }

    public async Task<bool> ExcludePersonAsync(string partnerId, PersonExclusion exclusion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(partnerId);
        ArgumentNullException.ThrowIfNull(exclusion);
        try
        {
            await _table.AddEntityAsync(PartnerRows.Exclusion(partnerId, exclusion), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (TableErrors.IsConflict(ex))
        {
            // Excluded already (a retry, or another resolution first): the first one stays.
            return false;
        }
    }
}
