using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerFunctions.LocalHost.Hosting;
using PartnerFunctions.LocalHost.Timer;

namespace PartnerFunctions.LocalHost.Tests.Timer;

/// <summary>Which setting the local timer reads: the flat ReevaluationSchedule the Functions timer binds, else the former name.</summary>
public sealed class NightlyTimerSettingTests
{
    [Theory]
    [InlineData("ReevaluationSchedule", null, "0 */5 * * * *")]
    [InlineData(null, "Reevaluation:Schedule", "0 */5 * * * *")]
    [InlineData(null, null, "0 0 2 * * *")]
    public void Schedule_FromSettings_IsTheFlatSettingElseTheFormerOneElseTheDefault(string? flat, string? former, string expected)
    {
        var settings = new Dictionary<string, string?>();
        if (flat is not null)
        {
            settings[flat] = "0 */5 * * * *";
            settings["Reevaluation:Schedule"] = "0 0 3 * * *";
        }

        if (former is not null)
        {
            settings[former] = "0 */5 * * * *";
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var timer = new NightlyTimer(new ServiceProviderStub(), configuration, Options.Create(new LocalHostOptions()), TimeProvider.System, NullLogger<NightlyTimer>.Instance);

        Assert.Equal(expected, timer.Schedule.Expression);
    }

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
