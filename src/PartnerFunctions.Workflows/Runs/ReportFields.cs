using System.Globalization;
using PartnerFunctions.Domain.Program;

namespace PartnerFunctions.Workflows.Runs;

/// <summary>How the batch runs' CSV reports write the fields they share.</summary>
public static class ReportFields
{
    /// <summary>Competency levels as "id:Level;id:Level" in id order (empty when none is held).</summary>
    public static string Levels(IReadOnlyDictionary<string, CompetencyLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return string.Join(';', levels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key}:{l.Value}")));
    }
}
