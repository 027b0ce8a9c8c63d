using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using PartnerFunctions.Domain.Persistence;

namespace PartnerFunctions.Infrastructure.Partners;

/// <summary>The partner scan: pages of whole partners in key order, resumable by token, and counts.</summary>
public sealed partial class TablePartnerRepository
{
    private const string ResumeTokenPrefix = "pk1:";

    public async Task<PartnerPage> ReadPartnerPageAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default)
    {
        await foreach (var page in ScanPartnersAsync(resumeToken, maxPartners, cancellationToken))
        {
            return page;
        }

        return new PartnerPage([], null);
    }

    public async IAsyncEnumerable<PartnerPage> ScanPartnersAsync(string? resumeToken = null, int partnersPerPage = 500, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partnersPerPage, 1);

        // One whole-table query streamed in key order, storage page after storage page (SDK continuation). A
        // partner's rows are consecutive; a page of partners is handed out only once the next partner's first row is
        // seen, so a partner split across two storage pages is always complete. The resume token is that next
        // partner's key: resuming is the same scan filtered on PartitionKey ge it.
        var filter = ScanFilter(resumeToken);
        var batch = new List<PartnerSnapshot>(Math.Min(partnersPerPage, 1024));
        var rows = new List<TableEntity>();
        string? current = null;
        var yielded = false;
        await foreach (var storagePage in _table.QueryAsync<TableEntity>(filter, maxPerPage: _options.ScanPageSize, cancellationToken: cancellationToken).AsPages(pageSizeHint: _options.ScanPageSize))
        {
            foreach (var row in storagePage.Values)
            {
                if (!string.Equals(row.PartitionKey, current, StringComparison.Ordinal))
                {
                    if (current is not null && PartnerRows.ToSnapshot(rows) is { } completed)
                    {
                        Remember(completed.Profile);
                        batch.Add(completed);
                    }

                    rows.Clear();
                    current = row.PartitionKey;
                    if (batch.Count >= partnersPerPage)
                    {
                        yielded = true;
                        yield return new PartnerPage(batch, ResumeTokenPrefix + current);
                        batch = new List<PartnerSnapshot>(Math.Min(partnersPerPage, 1024));
                    }
                }

                rows.Add(row);
            }
        }

        if (current is not null && PartnerRows.ToSnapshot(rows) is { } last)
        {
            Remember(last.Profile);
            batch.Add(last);
        }

        if (batch.Count > 0 || !yielded)
        {
            yield return new PartnerPage(batch, null);
        }
    }

    public async Task<PartnerCount> CountPartnersAsync(string? resumeToken, int maxPartners, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartners, 1);

        // Profile rows only, keys only: the service filters and projects, so a partner costs one small row instead of
        // its ~20 evidence rows (on Azurite as well: far fewer entities serialised).
        var profiles = TableClient.CreateQueryFilter($"Kind eq {PartnerRows.ProfileKind}");
        var filter = string.IsNullOrEmpty(resumeToken) ? profiles : FromToken(resumeToken) + " and " + profiles;
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: _options.ScanPageSize, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (count == maxPartners)
            {
                return new PartnerCount(count, ResumeTokenPrefix + row.PartitionKey);
            }

            count++;
        }

        return new PartnerCount(count, null);
    }

    /// <summary>The scan's filter: every row but decisions, from the resume key on.</summary>
    internal static string ScanFilter(string? resumeToken)
    {
        var notDecisions = TableClient.CreateQueryFilter($"Kind ne {PartnerRows.DecisionKind} and Kind ne {PartnerRows.DecisionIdKind}");
        if (string.IsNullOrEmpty(resumeToken))
        {
            return notDecisions;
        }

        return FromToken(resumeToken) + " and " + notDecisions;
    }

    private static string FromToken(string resumeToken)
    {
        if (!resumeToken.StartsWith(ResumeTokenPrefix, StringComparison.Ordinal) || resumeToken.Length == ResumeTokenPrefix.Length)
        {
            throw new ArgumentException($"'{resumeToken}' is not a partner scan resume token.", nameof(resumeToken));
        }

        return TableClient.CreateQueryFilter($"PartitionKey ge {resumeToken[ResumeTokenPrefix.Length..]}");
    }
}
