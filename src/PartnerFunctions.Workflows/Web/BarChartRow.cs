namespace PartnerFunctions.Workflows.Web;

/// <summary>One bar of a <see cref="BarChart"/>.</summary>
/// <param name="Tone">A CSS class for the bar ("bar", "bar-good", "bar-bad"); null is "bar".</param>
public sealed record BarChartRow(string Label, int Count, string? Tone = null);
