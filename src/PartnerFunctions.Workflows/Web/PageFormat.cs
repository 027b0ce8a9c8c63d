using System.Globalization;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Web;

/// <summary>How the pages write dates and numbers (dates are UTC, said so).</summary>
public static class PageFormat
{
    /// <summary>"2026-10-01 14:05 UTC".</summary>
    public static string Utc(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A whole number with thousands separators in the page's language.</summary>
    public static string Number(decimal value, PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return value.ToString("N0", Numbers(context));
    }

    /// <summary>The number format of the page's language (built here: the app runs without ICU cultures).</summary>
    public static NumberFormatInfo Numbers(PageContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ProgramText.Numbers(context.Language);
    }
}
