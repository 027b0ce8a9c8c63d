using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace PartnerFunctions.Browser.Tests.Support;

/// <summary>
/// axe-core (npm, pinned in the root package.json) run on a page. The product's pages send a CSP that refuses inline
/// scripts, so axe is not added as a &lt;script&gt; tag (the browser would refuse it): its source is evaluated through
/// Playwright (the DevTools protocol, which page CSP does not govern). <see cref="RunAsync"/> checks that axe really ran
/// (the engine answered with its name and version and evaluated rules), so a page where injection failed fails too.
/// </summary>
public static class Axe
{
    /// <summary>The impacts that fail a page.</summary>
    public static IReadOnlyList<string> FailingImpacts { get; } = ["serious", "critical"];

    private static readonly Lazy<(string Source, string Version)> Script = new(Load);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The axe-core version the tests run (from node_modules/axe-core/package.json).</summary>
    public static string Version => Script.Value.Version;

    /// <summary>Runs axe on the page's document (not inside iframes) and returns what it found.</summary>
    public static async Task<AxeReport> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"))
        {
            // The script text evaluated as an expression; "void 0" so that no value (the axe object) is sent back.
            await page.EvaluateAsync(Script.Value.Source + "\n;void 0;");
        }

        var json = await page.EvaluateAsync<string>(
            """
            async () => {
              const r = await window.axe.run(document, { iframes: false, resultTypes: ['violations'] });
              return JSON.stringify({
                engine: r.testEngine.name,
                version: r.testEngine.version,
                url: r.url,
                passes: r.passes.length,
                inapplicable: r.inapplicable.length,
                violations: r.violations.map(v => ({
                  id: v.id, impact: v.impact, help: v.help,
                  targets: v.nodes.map(n => n.target.join(' ')),
                })),
              });
            }
            """);
        var report = JsonSerializer.Deserialize<AxeReport>(json, Json) ?? throw new XunitException("axe.run returned nothing.");
        if (report.Engine != "axe-core" || report.Version != Version || report.Passes + report.Violations.Count == 0)
        {
            throw new XunitException($"axe did not run on {page.Url}: engine '{report.Engine}' {report.Version} (expected axe-core {Version}), {report.Passes} rules passed, {report.Violations.Count} violated.");
        }

        return report;
    }

    /// <summary>Fails when axe finds a serious or critical violation, listing each one (rule, impact, elements).</summary>
    public static async Task<AxeReport> AssertNoSeriousViolationsAsync(IPage page)
    {
        var report = await RunAsync(page);
        var failing = report.Violations.Where(v => FailingImpacts.Contains(v.Impact)).ToArray();
        if (failing.Length > 0)
        {
            var lines = failing.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}; at {string.Join(" | ", v.Targets)}");
            throw new XunitException($"axe-core {report.Version} found {failing.Length} serious or critical violation(s) on {report.Url}:\n{string.Join('\n', lines)}");
        }

        return report;
    }

    private static (string Source, string Version) Load()
    {
        var root = Artifacts.RepositoryRoot();
        var folder = Path.Combine(root, "node_modules", "axe-core");
        var script = Path.Combine(folder, "axe.min.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"axe-core is not installed ({script} is missing): run 'npm ci' at {root} (package.json pins axe-core).");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "package.json")));
        return (File.ReadAllText(script), manifest.RootElement.GetProperty("version").GetString()!);
    }
}

/// <summary>What one axe run found: rules passed and the violations, each with the elements (CSS selectors) at fault.</summary>
public sealed record AxeReport(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("passes")] int Passes,
    [property: JsonPropertyName("inapplicable")] int Inapplicable,
    [property: JsonPropertyName("violations")] IReadOnlyList<AxeViolation> Violations)
{
    /// <summary>One line per violation, for test output.</summary>
    public override string ToString() =>
        $"axe-core {Version} on {Url}: {Passes} rules passed, {Violations.Count} violated" +
        string.Concat(Violations.Select(v => $"\n- {v.Id} ({v.Impact}): {string.Join(" | ", v.Targets)}"));
}

/// <summary>One rule axe found violated, its impact (minor, moderate, serious, critical) and where.</summary>
public sealed record AxeViolation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("impact")] string Impact,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("targets")] IReadOnlyList<string> Targets);
