namespace PartnerFunctions.LocalHost.Mail;

/// <summary>One page of the captured mail list: the messages shown and where they stand among those that match.</summary>
/// <param name="Page">The page asked for (1-based); past the last page, <paramref name="Items"/> is empty.</param>
/// <param name="PageCount">How many pages the matching messages fill (at least 1).</param>
/// <param name="Total">How many messages match.</param>
public sealed record MailListPage(IReadOnlyList<CapturedMailSummary> Items, int Page, int PageCount, int Total)
{
    public bool IsPastTheEnd => Page > PageCount;
}

/// <summary>The mail list's search and paging over the listed messages: newest first, a fixed number per page.</summary>
public static class MailListing
{
    /// <summary>Messages per page.</summary>
    public const int PageSize = 50;

    /// <summary>
    /// Page <paramref name="page"/> (1-based) of the messages whose search text holds every word of
    /// <paramref name="query"/>, also kept to one recipient (<paramref name="to"/>) and a subject containing
    /// <paramref name="subject"/> when given, newest first. One pass over the list, from its newest end.
    /// </summary>
    public static MailListPage Page(IReadOnlyList<ListedMail> oldestFirst, string? query, int page, string? to = null, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var terms = MailSearchText.Terms(query);
        var skip = (long)(page - 1) * PageSize;
        var items = new List<CapturedMailSummary>(PageSize);
        var total = 0;
        for (var i = oldestFirst.Count - 1; i >= 0; i--)
        {
            var mail = oldestFirst[i];
            if (!MailSearchText.Matches(mail.SearchText, terms)
                || (!string.IsNullOrEmpty(to) && !mail.Summary.To.Split(", ").Contains(to, StringComparer.OrdinalIgnoreCase))
                || (!string.IsNullOrEmpty(subject) && !mail.Summary.Subject.Contains(subject, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (total >= skip && items.Count < PageSize)
            {
                items.Add(mail.Summary);
            }

            total++;
        }

        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        return new MailListPage(items, page, pageCount, total);
    }
}
