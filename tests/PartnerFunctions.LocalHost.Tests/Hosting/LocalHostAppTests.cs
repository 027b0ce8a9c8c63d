using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using PartnerFunctions.LocalHost.Hosting;

namespace PartnerFunctions.LocalHost.Tests.Hosting;

public sealed class LocalHostAppTests
{
    [Theory]
    [InlineData("http://localhost:7071", "http://localhost:7071")]
    [InlineData("http://*:7071", "http://127.0.0.1:7071")]
    [InlineData("http://+:8080/;http://localhost:9000", "http://127.0.0.1:8080")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000")]
    [InlineData(null, "http://127.0.0.1:7071")]
    public void PublicUrl_FromUrls_IsTheFirstReachableUrl(string? urls, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls }).Build();

        Assert.Equal(expected, LocalHostApp.PublicUrl(configuration, new LocalHostOptions()));
    }

    [Fact]
    public void PublicUrl_Configured_WinsOverUrls()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://*:7071" }).Build();

        Assert.Equal("https://dev.example.com", LocalHostApp.PublicUrl(configuration, new LocalHostOptions { PublicUrl = "https://dev.example.com/" }));
    }

    [Fact]
    public async Task BuildAsync_InvalidWorkerId_ThrowsBeforeStartingTheEngine()
    {
        var builder = LocalHostApp.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["LocalHost:WorkerId"] = "not a valid id!", ["LocalHost:Store"] = "Memory" });

        var error = await Assert.ThrowsAsync<ValidationException>(() => LocalHostApp.BuildAsync(builder));

        Assert.Contains("WorkerId", error.Message, StringComparison.Ordinal);
    }
}
