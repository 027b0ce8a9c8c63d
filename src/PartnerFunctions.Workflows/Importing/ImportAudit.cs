using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.Workflows.Common;

namespace PartnerFunctions.Workflows.Importing;

/// <summary>What an import leaves in the audit log: the file's line, and one line per partner it wrote to.</summary>
public static class ImportAudit
{
    /// <summary>Notes <paramref name="result"/> on the request's audit scope (an import already done changed nothing).</summary>
    public static void Note(ImportResult result, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (AuditScope.Current is not { } audit || result.Status == ImportStatus.Rejected)
        {
            return;
        }

        if (result.Status == ImportStatus.AlreadyImported)
        {
            audit.NothingChanged();
            return;
        }

        var subject = "import " + result.ContentSha256[..Math.Min(12, result.ContentSha256.Length)];
        audit.Change(subject, null, new { kind = result.Kind, file = fileName, sha256 = result.ContentSha256, rows = result.RowCount, partners = result.PartnerCount });
        foreach (var (partnerId, lines) in result.LinesPerPartner)
        {
            audit.AlsoChanged(partnerId, subject, new { kind = result.Kind, file = fileName, lines });
        }
    }
}
