using System.Text.Json;
using System.Text.RegularExpressions;
using PartnerFunctions.FunctionApp.Tests.Support;

namespace PartnerFunctions.FunctionApp.Tests.Infra;

/// <summary>
/// The timer's schedule setting as the scale controller sees it: the Functions host sends the binding from
/// functions.metadata unresolved (azure-functions-host FunctionMetadataExtensions.ToFunctionTrigger), so the name
/// between the % signs must be an app setting name as written in Azure, with no section separator.
/// </summary>
public sealed partial class TimerScheduleSettingTests
{
    [Fact]
    public async Task Publish_TimerSchedule_IsAFlatAppSettingThatBicepSets()
    {
        var output = await PublishedApp.GetAsync();
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata")));
        var schedules = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
            .Select(b => b.GetProperty("schedule").GetString()!)
            .ToArray();

        var schedule = Assert.Single(schedules);
        var name = FlatSetting().Match(schedule);
        Assert.True(name.Success, $"The timer binds '{schedule}': the scale controller would look for an app setting of that exact name.");
        var main = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep"));
        Assert.Matches(@"\n\s*" + name.Groups[1].Value + @": reevaluationSchedule\n", main);
    }

    [GeneratedRegex("^%([A-Za-z][A-Za-z0-9]*)%$")]
    private static partial Regex FlatSetting();
}
