using PartnerFunctions.Domain.Persistence;
using PartnerFunctions.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace PartnerFunctions.EndToEnd.Tests;

/// <summary>The nightly re-evaluation triggered over HTTP (POST staff/reevaluations) on the local host.</summary>
[Collection(SharedHostGroup.Name)]
public sealed class NightlyTests(SharedHostFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task StartReevaluation_SeededPartners_CompletesWithCountsDecisionsAndEmailsAsTheDomainSays()
    {
        var host = fixture.Host;
        await Scenario.SeedDemoPartnersAsync(host.GetRequiredService<IPartnerRepository>(), fixture.Definition, 80, "nt" + Guid.NewGuid().ToString("N")[..6] + "-", seed: 23);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var expected = await NightlyChecks.ExpectAsync(host, fixture.Definition, today);

        var started = (await host.Api.PostAsync("api/staff/reevaluations")).Expect(202).JsonBody;
        var runId = Scenario.Str(started, "instanceId")!;
        Assert.Equal("reeval-" + today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), runId);
        var run = await Scenario.WaitForRunAsync(host.Api, "reevaluation", runId, TimeSpan.FromSeconds(120));
        Assert.Equal("completed", Scenario.Str(run, "status"), ignoreCase: true);

        var summary = await NightlyChecks.VerifyAsync(host, runId, expected);
        output.WriteLine(summary.ToString());

        // The same day again starts nothing: 200 with the completed run.
        var again = (await host.Api.PostAsync("api/staff/reevaluations")).Expect(200).JsonBody;
        Assert.False(again.GetProperty("started").GetBoolean());
    }
}
